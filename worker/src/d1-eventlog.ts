/**
 * sync-cf before 0.4.0-dev.12 keeps a store's eventlog in D1, in a table
 * `eventlog_<format version>_<store id as a table name>`: what clearing a store must empty too.
 */
export const clearD1Eventlog = async (db: D1Database | undefined, storeId: string): Promise<void> => {
  if (db === undefined) return
  const table = new RegExp(`^eventlog_\\d+_${storeId.replaceAll(/[^a-zA-Z0-9]/g, '_')}$`)
  const { results } = await db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'eventlog%'")
    .all<{ name: string }>()
  for (const { name } of results) if (table.test(name)) await db.exec(`DELETE FROM ${name}`)
}
