import { useEffect, useState } from 'react';

/**
 * Live pages: the service sends a server-sent event (GET /live) when a new fact is in the log and the
 * read models have it; a page that reads with `useLive()` fetches again, so a secretary sees a
 * delivery arrive without reloading. One connection per tab, shared by the pages.
 */
let kilde: EventSource | undefined;
let teller = 0;
const lyttere = new Set<(n: number) => void>();

function kobleTil(): void {
  if (kilde || typeof EventSource === 'undefined') return;
  kilde = new EventSource('/live');
  kilde.addEventListener('ny-hendelse', () => {
    teller++;
    for (const l of lyttere) l(teller);
  });
}

export function useLive(): number {
  const [n, settN] = useState(teller);
  useEffect(() => {
    kobleTil();
    lyttere.add(settN);
    return () => {
      lyttere.delete(settN);
    };
  }, []);
  return n;
}
