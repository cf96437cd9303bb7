/**
 * The search box of record lists: `q` read into terms, and the Payload `Where` that finds the
 * records holding them all. The same meaning on every database:
 *
 * - q is plain text, cut at whitespace into terms; a record matches when every term occurs in its
 *   search text (the values of its type's searchable fields), ignoring case. Nothing in q is
 *   syntax: quotes, `*`, AND/OR/NOT, NEAR, `column:`, parentheses, `%`, `_` and backslashes are
 *   matched as the characters they are.
 * - A term of {@link SUBSTRING_MIN_LENGTH} or more characters matches anywhere, inside words too:
 *   "1042", "SHP-10" and "ondon" find "SHP-1042 to London" (trigram indexes).
 * - A shorter term matches the start of a word, a run of letters and digits: "NY" finds "NY 10001"
 *   and "to" finds "Tokyo", but "ok" does not. Trigram indexes cannot serve fewer than three
 *   characters; word indexes can. Its other characters are ignored ("#1" is "1"), and a short term
 *   without letters or digits is left out.
 *
 * Each term becomes `{ searchText: { contains: term } }`; the database adapters answer that with
 * their full-text indexes (searchIndex.ts), never by reading every row. A term that names a number
 * ({@link numbersIn}: "SHP-1042", "INV-2026-0042") is how a reference or code is asked for: few
 * records hold it, and PostgreSQL finds them through an index of the numbers in records.
 */
import type { Where } from 'payload'
import { Errors } from '../http/errors'
import { checkValue } from './fieldKinds'

/** The field of records that holds their search text. */
export const SEARCH_TEXT_FIELD = 'searchText'
/** Most characters (code points) q may hold. */
export const MAX_SEARCH_LENGTH = 200
/** Most terms q may hold: each is one more index lookup. */
export const MAX_SEARCH_TERMS = 16
/** Terms this long or longer match anywhere; shorter ones match the start of a word. */
export const SUBSTRING_MIN_LENGTH = 3
/** A number of this many digits or more in a term is one it is looked up by ({@link numbersIn}). */
export const NUMBER_MIN_DIGITS = 4
/** The digits of a number that an index of numbers keeps: a longer run of digits is kept in pieces this long. */
export const NUMBER_DIGITS_KEPT = 100

/** How a term is matched: anywhere in the text, or at the start of a word. */
export type TermMatch = 'substring' | 'wordPrefix'

const WORD_CHARACTERS = /[\p{L}\p{N}]+/gu

const lengthOf = (text: string) => [...text].length

/** How `term` (one of {@link searchTermsOf}'s) is matched. */
export function termMatch(term: string): TermMatch {
  return lengthOf(term) >= SUBSTRING_MIN_LENGTH ? 'substring' : 'wordPrefix'
}

/** The letters and digits of `term`: what a word prefix is matched by ('' when it has none). */
export function wordCharactersOf(term: string): string {
  return term.match(WORD_CHARACTERS)?.join('') ?? ''
}

const NAMED_NUMBER = new RegExp(`(?<=[^0-9])[0-9]{${NUMBER_MIN_DIGITS},}`, 'gu')

/**
 * The numbers `term` names from their first digit: runs of ASCII digits, {@link NUMBER_MIN_DIGITS}
 * or more, after another character of the term ("SHP-1042" and "PO1042/7" name 1042; "1042" and
 * "SHP-104" name none), each cut to {@link NUMBER_DIGITS_KEPT} digits; none for a term matched as a
 * word prefix. A text that holds the term, ignoring case, holds at the same place a run of digits
 * that starts with each of them: the character before it in the term is not a digit, nor is the
 * text's character there (changing case turns no character into a digit, nor a digit into another
 * character). So "its runs of digits start so" is a condition every match meets, which an index of
 * the runs of digits in texts answers quickly, since few texts hold a given number of four digits.
 */
export function numbersIn(term: string): string[] {
  if (termMatch(term) !== 'substring') return []
  return [...term.matchAll(NAMED_NUMBER)].map(([digits]) => digits.slice(0, NUMBER_DIGITS_KEPT))
}

/**
 * The terms of a search for `q`, as the query string gives it. Throws a 400 HttpError naming `q`
 * when it is not text given once, is blank, too long, holds characters no database can compare
 * (NUL, lone surrogates), or holds nothing to search for.
 */
export function searchTermsOf(q: unknown): string[] {
  const refuse = (problem: string) => Errors.invalidQueryParameter('q', problem)
  if (typeof q !== 'string') throw refuse('must be given once, as text')
  const text = q.trim()
  if (text === '') throw refuse('needs something to search for')
  if (lengthOf(text) > MAX_SEARCH_LENGTH) throw refuse(`must be at most ${MAX_SEARCH_LENGTH} characters long`)
  // What a record's text may hold, a search may hold: no NUL, no lone surrogate.
  if (!checkValue({ kind: 'long_text' }, text).ok)
    throw refuse('holds characters no text can contain (NUL, half a surrogate pair)')
  const terms = text
    .split(/\s+/u)
    .map((term) => (termMatch(term) === 'substring' ? term : wordCharactersOf(term)))
    .filter((term) => term !== '')
  if (terms.length === 0)
    throw refuse(`needs a letter or digit, or ${SUBSTRING_MIN_LENGTH} characters in a row, to search for`)
  const distinct = [...new Set(terms)]
  if (distinct.length > MAX_SEARCH_TERMS) throw refuse(`may hold at most ${MAX_SEARCH_TERMS} words`)
  return distinct
}

/** The Where matching records whose search text holds every one of `terms` ({@link searchTermsOf}'s). */
export function searchWhere(terms: readonly string[]): Where {
  return { and: terms.map((term) => ({ [SEARCH_TEXT_FIELD]: { contains: term } })) }
}

/** Whether one of `terms` names a number ({@link numbersIn}): then few records match, as a rule. */
export function namesNumber(terms: readonly string[]): boolean {
  return terms.some((term) => numbersIn(term).length > 0)
}
