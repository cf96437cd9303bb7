import express, { type RequestHandler } from 'express'
import { MONACO_VS_DIR } from '../admin/monacoAssets'
import { Errors } from './errors'

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000

/**
 * Serves Monaco's files read-only from its one folder (mount it at MONACO_VS_URL). send refuses
 * paths that climb out of the folder (`..`, encoded or not) and dotfiles; anything it does not
 * find is the usual JSON 404 rather than a page of the admin UI.
 */
export function monacoAssets(): RequestHandler[] {
  return [
    express.static(MONACO_VS_DIR, {
      immutable: true,
      maxAge: ONE_YEAR_MS,
      index: false,
      redirect: false,
      dotfiles: 'ignore',
    }),
    (req, _res, next) => next(Errors.routeNotFound(req.method, req.originalUrl)),
  ]
}
