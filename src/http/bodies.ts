import express, { type RequestHandler } from 'express'

/** Parsers for JSON and HTML-form bodies, refusing bodies over `limitBytes` with 413 and bad JSON with 400. */
export function parseBodies(limitBytes: number): RequestHandler[] {
  return [express.json({ limit: limitBytes }), express.urlencoded({ extended: false, limit: limitBytes })]
}
