/**
 * The full-text indexes behind record search (searchQuery.ts), for each database: the SQL that
 * builds them and the SQL that asks them, in one place. Both read `records.search_text`, which
 * every record write fills (recordColumns.ts).
 *
 * PostgreSQL: three GIN indexes, declared in the drizzle schema so that push keeps them and
 * `npm run migrate:create` writes them into migrations. Both lead with the tenant (btree_gin), like
 * every query of a tenant's records: the index then hands over one tenant's matches, where a
 * text-only index reads every tenant's and leaves the heap to sort them out (a common word in a
 * tenant of 1,600 records: 11 ms against 2.5 ms; bench/records.ts). Not with the type: a GIN index
 * reads the whole entry of every key it is asked for, and one type's entry lists most of the
 * table (a common word's 7,600 matches in a tenant of 41,000: 14 ms with the type, 9 without; the
 * heap sorts out a tenant's other types). A GIN index serves any subset of its columns, so a
 * search across tenants still uses it.
 * - `records_search_trigram_idx` (pg_trgm `gin_trgm_ops`) serves terms of 3+ characters as
 *   `search_text ILIKE '%term%'`.
 * - `records_search_words_idx`, a 'simple' tsvector (no stemming, no stop words: the data is in
 *   any language), serves shorter terms as word prefixes (`'ny':*`). Word breaks come from
 *   PostgreSQL's parser after `- + @ . / : _ < > & ~` are made spaces, so that "SHP-1042" holds the
 *   words "shp" and "1042" as on SQLite: the parser alone reads "-1042" as a negative number, drops
 *   every word of what it takes for markup (`<b>NY</b>`, `&amp;`) and keeps "~ny" as a file name.
 * - `records_search_numbers_idx`, the runs of ASCII digits in the text (a run longer than
 *   NUMBER_DIGITS_KEPT digits in pieces that long), as a tsvector of those words: no parser, which
 *   would drop words it reads as markup (`<a href="SHP-1042">`) or too long. A term that names
 *   numbers (searchQuery.ts, numbersIn) asks it for texts whose runs of digits start with them,
 *   every match among those, and checks the term against the text of those alone: a reference's
 *   500 matches in a tenant of 41,000 take 0.6 ms so, 3.5 ms through the trigram index, whose
 *   every trigram of "SHP-1042" ("shp", "104", ...) is in most records.
 * - pg_trgm and btree_gin are extensions: they are created before the schema is pushed or
 *   migrated, and a database user who may not create them stops Atrium with a message saying what
 *   to run (src/db/recordSearch.ts).
 *
 * SQLite: two FTS5 tables over records (external content: they hold the index, records the text),
 * kept in step by triggers. drizzle knows nothing of them, so a committed migration creates them,
 * and a schema push takes them down before it compares and builds them again after
 * (src/db/recordSearch.ts), or push would drop them as unknown tables.
 * - `records_search_trigram` (trigram tokenizer) serves terms of 3+ characters: a quoted phrase
 *   matches anywhere.
 * - `records_search_words` (unicode61 words, prefix indexes of 1 and 2 characters) serves shorter
 *   terms as word prefixes (`"ny"*`).
 * A migration that rebuilds the records table (drizzle's `__new_records` copy) drops the triggers:
 * it must run {@link SQLITE_SEARCH_INDEX}.create again (test/integration/migrations.test.ts checks).
 *
 * MongoDB: see src/db/recordSearch.ts.
 */
import type { PostgresAdapterArgs } from '@payloadcms/db-postgres'
import { ilike, sql as pgSql, type SQL } from '@payloadcms/db-postgres/drizzle'
import { index, type ExtraConfigColumn } from '@payloadcms/db-postgres/drizzle/pg-core'
import { sql as sqliteSql } from '@payloadcms/db-sqlite/drizzle'
import { Slugs } from '../../collections/slugs'
import { TENANT_FIELD } from '../access/tenantFieldName'
import { NUMBER_DIGITS_KEPT, numbersIn, SEARCH_TEXT_FIELD, termMatch, wordCharactersOf } from './searchQuery'

/** The records table and its search text column, as SQL names them. */
export const RECORDS_TABLE = Slugs.records
/** The SQL name of the search text column. */
export const SEARCH_TEXT_COLUMN = 'search_text'
/** The extensions PostgreSQL needs: trigram indexes, and GIN indexes that lead with plain columns. */
export const PG_SEARCH_EXTENSIONS = ['pg_trgm', 'btree_gin'] as const

/** The names of the search index objects, per database. */
export const SEARCH_INDEX_NAMES = {
  postgres: {
    trigram: 'records_search_trigram_idx',
    words: 'records_search_words_idx',
    numbers: 'records_search_numbers_idx',
  },
  sqlite: { trigram: 'records_search_trigram', words: 'records_search_words' },
} as const

// ---- PostgreSQL ----------------------------------------------------------------------------

type PostgresSchemaHook = NonNullable<PostgresAdapterArgs['afterSchemaInit']>[number]
type AnyColumn = Parameters<typeof ilike>[0]

/** The characters made spaces before PostgreSQL's parser reads a search text for words (see the module comment). */
const WORD_BREAKS = '-+@./:_<>&~'

/** The tsvector of a search text; the index and every query use this one expression. */
const postgresWords = (column: unknown) =>
  pgSql`to_tsvector('simple', translate(${column}, ${pgSql.raw(`'${WORD_BREAKS}', '${' '.repeat(WORD_BREAKS.length)}'`)}))`

/**
 * The tsvector of the runs of digits in a search text; the index and every query use this one
 * expression. A space after every NUMBER_DIGITS_KEPT digits in a row keeps each word short enough
 * for a tsvector (2,047 bytes at most).
 */
const postgresNumbers = (column: unknown) =>
  pgSql`array_to_tsvector(array_remove(regexp_split_to_array(regexp_replace(${column}, ${pgSql.raw(
    `'[0-9]{${NUMBER_DIGITS_KEPT}}'`,
  )}, '\\& ', 'g'), '[^0-9]+'), ''))`

/**
 * The tsquery "a word starts with each number `term` names" ({@link postgresNumbers}): the numbers
 * are ASCII digits, nothing in them is tsquery syntax. Empty when the term names none.
 */
export const numbersQuery = (term: string) =>
  numbersIn(term)
    .map((digits) => `'${digits}':*`)
    .join(' & ')

/** Adds the two search indexes to the records table of PostgreSQL's drizzle schema (afterSchemaInit). */
export const postgresSearchIndexes: PostgresSchemaHook = ({ schema, extendTable }) => {
  const table = schema.tables[RECORDS_TABLE]
  if (!table) throw new Error(`The drizzle schema has no ${RECORDS_TABLE} table to index for search`)
  const names = SEARCH_INDEX_NAMES.postgres
  extendTable({
    table,
    extraConfig: (columns) => {
      const text: ExtraConfigColumn = columns[SEARCH_TEXT_FIELD]
      const tenant = columns[TENANT_FIELD]
      return {
        [names.trigram]: index(names.trigram).using('gin', tenant, text.op('gin_trgm_ops')),
        [names.words]: index(names.words).using('gin', tenant, postgresWords(text)),
        [names.numbers]: index(names.numbers).using('gin', tenant, postgresNumbers(text)),
      }
    },
  })
  return schema
}

/** `text` as a LIKE pattern matches it: its `%`, `_` and `\\` escaped. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&')

function postgresTerm(column: AnyColumn, term: string): SQL {
  const numbers = numbersQuery(term)
  // Checked on the numbers index's texts alone: coalesce() keeps the planner from also asking the
  // trigram index, whose answer only slows the numbers' down.
  if (numbers)
    return pgSql`(${postgresNumbers(column)} @@ ${numbers}::tsquery AND coalesce(${column}, '') ILIKE ${`%${escapeLike(term)}%`})`
  if (termMatch(term) === 'substring') return ilike(column, `%${escapeLike(term)}%`)
  // Letters and digits only, so nothing in it is tsquery syntax.
  const word = wordCharactersOf(term)
  return word === '' ? pgSql`false` : pgSql`${postgresWords(column)} @@ to_tsquery('simple', ${`'${word}':*`})`
}

// ---- SQLite --------------------------------------------------------------------------------

const fts = SEARCH_INDEX_NAMES.sqlite
const both = (statement: (table: string) => string) => [fts.trigram, fts.words].map(statement).join('\n')

/** The SQL that builds SQLite's search index over existing records, and the SQL that removes it. */
export const SQLITE_SEARCH_INDEX = {
  create: [
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${fts.trigram} USING fts5(${SEARCH_TEXT_COLUMN}, content='${RECORDS_TABLE}', content_rowid='id', tokenize='trigram')`,
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${fts.words} USING fts5(${SEARCH_TEXT_COLUMN}, content='${RECORDS_TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='1 2')`,
    `CREATE TRIGGER IF NOT EXISTS ${RECORDS_TABLE}_search_insert AFTER INSERT ON ${RECORDS_TABLE} BEGIN
${both((table) => `  INSERT INTO ${table}(rowid, ${SEARCH_TEXT_COLUMN}) VALUES (new.id, new.${SEARCH_TEXT_COLUMN});`)}
END`,
    `CREATE TRIGGER IF NOT EXISTS ${RECORDS_TABLE}_search_delete AFTER DELETE ON ${RECORDS_TABLE} BEGIN
${both((table) => `  INSERT INTO ${table}(${table}, rowid, ${SEARCH_TEXT_COLUMN}) VALUES ('delete', old.id, old.${SEARCH_TEXT_COLUMN});`)}
END`,
    `CREATE TRIGGER IF NOT EXISTS ${RECORDS_TABLE}_search_update AFTER UPDATE OF ${SEARCH_TEXT_COLUMN} ON ${RECORDS_TABLE} BEGIN
${both((table) => `  INSERT INTO ${table}(${table}, rowid, ${SEARCH_TEXT_COLUMN}) VALUES ('delete', old.id, old.${SEARCH_TEXT_COLUMN});`)}
${both((table) => `  INSERT INTO ${table}(rowid, ${SEARCH_TEXT_COLUMN}) VALUES (new.id, new.${SEARCH_TEXT_COLUMN});`)}
END`,
    // Indexes the records already stored (none on a new database).
    ...[fts.trigram, fts.words].map((table) => `INSERT INTO ${table}(${table}) VALUES ('rebuild')`),
  ],
  drop: [
    ...['insert', 'delete', 'update'].map((event) => `DROP TRIGGER IF EXISTS ${RECORDS_TABLE}_search_${event}`),
    ...[fts.trigram, fts.words].map((table) => `DROP TABLE IF EXISTS ${table}`),
  ],
} as const

// An FTS5 string: everything inside double quotes is literal text, a quote is doubled.
const ftsPhrase = (term: string) => `"${term.replace(/"/g, '""')}"`

function sqliteTerm(column: AnyColumn, term: string): SQL {
  const id = (column as unknown as { table: Record<string, unknown> }).table.id
  const substring = termMatch(term) === 'substring'
  const word = substring ? term : wordCharactersOf(term)
  if (word === '') return sqliteSql`0` as unknown as SQL
  const name = sqliteSql.identifier(substring ? fts.trigram : fts.words)
  const query = substring ? ftsPhrase(term) : `${ftsPhrase(word)}*`
  return sqliteSql`${id} IN (SELECT rowid FROM ${name} WHERE ${name} MATCH ${query})` as unknown as SQL
}

// ---- Both ----------------------------------------------------------------------------------

/**
 * The condition "the search text of `column`'s row holds `term`" (one term of searchTermsOf), as
 * each SQL database's search index answers it.
 */
export function searchTermCondition(dialect: 'postgres' | 'sqlite', column: AnyColumn, term: string): SQL {
  return dialect === 'postgres' ? postgresTerm(column, term) : sqliteTerm(column, term)
}
