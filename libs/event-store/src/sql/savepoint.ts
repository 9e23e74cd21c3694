import type { SqlClient } from './sql-client.js';

/** Runs `fn` inside a savepoint of the transaction `tx` (shared by both drivers). */
export async function withSavepoint<T>(tx: SqlClient, name: string, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  await tx.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await tx.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
