'use client'
/**
 * The users' currentPassword field in the admin: Payload's masked password input. Payload's own
 * component always validates as required; this one is optional, because only a change of one's own
 * password needs it, and the server says so then (collections/Users/hooks/guardPasswordChange.ts).
 */
import { PasswordField } from '@payloadcms/ui'
import type { TextFieldClientProps } from 'payload'
import React from 'react'

const optional = () => true as const

/** Payload's password input, optional and autocompleted as the current password. */
export function CurrentPasswordField(props: TextFieldClientProps) {
  return (
    <PasswordField
      {...props}
      autoComplete="current-password"
      path={props.path ?? props.field.name}
      validate={optional}
    />
  )
}
