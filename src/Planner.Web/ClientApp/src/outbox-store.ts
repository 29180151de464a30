// The outbox in IndexedDB: items with their photos (Blobs are stored as such, so nothing is lost or re-encoded).
import type { OutboxItem } from './outbox';

const name = 'planner-outbox';
const store = 'items';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(store, { keyPath: 'clientId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const request = work(tx.objectStore(store));
      // Resolved when the transaction is durable, not when the request returns: a put is then on disk.
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function putItem(item: OutboxItem): Promise<void> {
  await run('readwrite', s => s.put(item));
}

export async function removeItem(clientId: string): Promise<void> {
  await run('readwrite', s => s.delete(clientId));
}

/** A user's items, oldest first. */
export async function itemsOf(user: string): Promise<OutboxItem[]> {
  const all = (await run<OutboxItem[]>('readonly', s => s.getAll())) ?? [];
  return all.filter(i => i.user === user).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
