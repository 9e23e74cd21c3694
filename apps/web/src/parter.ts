import { useEffect, useState } from 'react';
import { api } from './api/klient';

export interface PartKort {
  readonly partId: string;
  readonly navn: string;
}

/**
 * The outside parties that exist today (GET /parter), by name: what a form offers for a field
 * declared `velges: 'part'`. Read when a form needs them, for the signed-in person (the list is not public).
 */
export function useParter(trengs: boolean): readonly PartKort[] | undefined {
  const [parter, settParter] = useState<readonly PartKort[]>();
  useEffect(() => {
    if (!trengs) return;
    let aktiv = true;
    void api.GET('/parter', {}).then(({ data }) => {
      if (!aktiv) return;
      const alle = (data?.parter ?? []).filter((p) => p.aktiv).map((p) => ({ partId: p.partId, navn: p.navn }));
      settParter(alle.sort((a, b) => a.navn.localeCompare(b.navn, 'nb')));
    });
    return () => {
      aktiv = false;
    };
  }, [trengs]);
  return parter;
}

export interface DokumentKort {
  readonly dokumentId: string;
  readonly tittel: string;
}

/**
 * The documents of a sak the reader may see (GET /saker/{sakId}/dokumenter), by title: what a form
 * offers for a field declared `velges: 'dokument'`. Read again when `versjon` changes (an upload).
 */
export function useSakensDokumenter(sakId: string | undefined, trengs: boolean, versjon = 0): readonly DokumentKort[] | undefined {
  const [dokumenter, settDokumenter] = useState<readonly DokumentKort[]>();
  useEffect(() => {
    if (!trengs || !sakId) return;
    let aktiv = true;
    void api.GET('/saker/{sakId}/dokumenter', { params: { path: { sakId } } }).then(({ data }) => {
      if (!aktiv) return;
      const liste = ((data as { dokumenter?: { dokumentId: string; tittel: string }[] } | undefined)?.dokumenter ?? []).map((d) => ({ dokumentId: d.dokumentId, tittel: d.tittel }));
      settDokumenter(liste);
    });
    return () => {
      aktiv = false;
    };
  }, [sakId, trengs, versjon]);
  return dokumenter;
}

export interface SignaturValg {
  /** «personId|organId|rolle» */
  readonly verdi: string;
  readonly tekst: string;
}

/**
 * Who may sign (GET /personer): each membership open today in one of `roller`, as
 * «Hege Nordheim-Viken, leder i Politisk samarbeidsutvalg …». For a field of kind `signatarliste`.
 */
export function useSignatarer(roller: readonly string[] | undefined): readonly SignaturValg[] | undefined {
  const [valg, settValg] = useState<readonly SignaturValg[]>();
  const noekkel = roller?.join(',');
  useEffect(() => {
    if (!noekkel) return;
    const tillatte = noekkel.split(',');
    const idag = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });
    let aktiv = true;
    void api.GET('/personer', {}).then(({ data }) => {
      if (!aktiv) return;
      settValg(
        (data?.personer ?? []).flatMap((p) =>
          p.medlemskap
            .filter((m) => tillatte.includes(m.rolle) && m.fra <= idag && (!m.til || m.til >= idag))
            .map((m) => ({ verdi: `${p.personId}|${m.organId}|${m.rolle}`, tekst: `${p.navn}, ${m.rollenavn} i ${m.organnavn}` })),
        ),
      );
    });
    return () => {
      aktiv = false;
    };
  }, [noekkel]);
  return valg;
}
