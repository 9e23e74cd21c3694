/**
 * The protokoll (møtebok) of a meeting, made from the recorded meeting (issue #15 items 6–7): the same
 * header as the innkalling, who met (members, vara for whom, observers with møte- og talerett, the
 * secretary) and who had forfall, then each item with its number, title, «Forslag til vedtak», who
 * left as inhabil, the decision («Vedtak:» with the outcome) and the votes («Enstemmig» or for/mot/
 * blankt by name), and whether the protokoll is a draft or approved (in which meeting, or signed by
 * whom). The public version as for the innkalling: an exempt sak's public title, its texts left out.
 * Printable HTML (no scripts) and PDF (pdfkit); bokmål, people and bodies by name.
 */
import { harSkjulteFelt, kortnavn, type Moete, type Moetepunkt, type Moetevedtaksutfall, type Organ, offentligTilstand, ROLLEBESKRIVELSE, type Sak } from '@saksgang/domain';
import PDFDocument from 'pdfkit';
import { DOKUMENTSTIL, htmlAvsnitt, htmlTekst, klokkeslett, langDato, UTEN_FORSLAG } from './innkalling.js';

const UTFALL: Readonly<Record<Moetevedtaksutfall, string>> = {
  vedtatt: 'Vedtatt',
  tatt_til_orientering: 'Tatt til orientering',
  droeftet: 'Drøftet',
  utsatt: 'Utsatt til nytt møte i samme utvalg',
  sendt_tilbake: 'Sendt tilbake til foregående utvalg',
  avvist: 'Avvist',
};

export interface Protokollpunkt {
  readonly nummer?: string;
  readonly tittel: string;
  readonly forslagTilVedtak?: string;
  /** «Ordfører A gikk fra som inhabil.» */
  readonly inhabile: readonly string[];
  /** «Vedtatt», «Tatt til orientering», … or none (not decided). */
  readonly utfall?: string;
  readonly vedtak?: string;
  /** «Enstemmig.», «For: …. Mot: …. Blankt: ….» */
  readonly stemmer?: string;
}

export interface Protokoll {
  /** «Protokoll, møte i PSU – politisk samarbeidsutvalg, 15. februar 2019». */
  readonly overskrift: string;
  readonly stedOgTid: string;
  /** «Utkast» or «Godkjent 20. februar 2019 ved signatur av Robert Svarva». */
  readonly status: string;
  /** Per body: «Til stede: Robert Svarva (leder), Vara E (vara for Ordfører B), …». */
  readonly tilStede: readonly string[];
  readonly forfall: readonly string[];
  readonly punkter: readonly Protokollpunkt[];
}

/** The protokoll from the meeting as recorded; `moeteDato` names the meeting a protokoll was approved in. */
export function lagProtokoll(
  moete: Moete,
  organ: (organId: string) => Pick<Organ, 'navn' | 'organtype'> | undefined,
  sak: (sakId: string) => Sak | undefined,
  moeteDato: (moeteId: string) => string | undefined = () => undefined,
): Protokoll {
  const felles = moete.organIder.length > 1;
  const navn = moete.organIder.map((id) => organ(id)?.navn ?? id);
  const hvem = navn.length <= 1 ? navn[0]! : `${navn.slice(0, -1).join(', ')} og ${navn[navn.length - 1]}`;
  const person = (personId: string) => moete.deltakere.find((d) => d.personId === personId)?.navn ?? moete.forfall.find((f) => f.personId === personId)?.navn ?? personId;
  const p = moete.protokoll;
  const status = !p
    ? 'Utkast (ikke godkjent)'
    : p.godkjenningsmaate === 'i_moete'
      ? `Godkjent ${langDato(p.gjelderFra)} i møtet ${p.godkjentIMoeteId && moeteDato(p.godkjentIMoeteId) ? langDato(moeteDato(p.godkjentIMoeteId)!) : ''}`.trim()
      : `Godkjent ${langDato(p.gjelderFra)} ved signatur av ${(p.signertAv ?? []).join(' og ')}`;
  const perOrgan = (tekst: (organId: string) => string[]): string[] =>
    moete.organIder.flatMap((id) => {
      const xs = tekst(id);
      return xs.length === 0 ? [] : [`${felles ? `${kortnavn(organ(id), id)}: ` : ''}${xs.join(', ')}`];
    });
  const tilStede = perOrgan((id) =>
    moete.deltakere
      .filter((d) => d.organId === id)
      .map((d) => `${d.navn} (${d.moeterForPersonId ? `vara for ${person(d.moeterForPersonId)}` : d.rolle === 'observatoer' ? 'observatør, møte- og talerett' : ROLLEBESKRIVELSE[d.rolle]})`),
  );
  const forfall = perOrgan((id) => moete.forfall.filter((f) => f.organId === id).map((f) => `${f.navn} (${ROLLEBESKRIVELSE[f.rolle]})`));

  const nummer = (x: Moetepunkt): string | undefined => {
    const numre = moete.organIder.flatMap((id) => x.numre.filter((n) => n.organId === id && n.serie !== 'moete'));
    if (numre.length === 0) return undefined;
    return numre.map((n) => `${felles ? `${kortnavn(organ(n.organId), n.organId)} ` : ''}${n.serie === 'orientering' ? 'Orienteringssak' : 'Sak'} ${n.nummer}/${String(n.aar).slice(-2)}`).join(', ');
  };
  const punkter = moete.punkter
    .filter((x) => x.trukket === undefined)
    .sort((a, b) => a.rekkefoelge - b.rekkefoelge)
    .map((x): Protokollpunkt => {
      const s = x.sakId !== undefined ? sak(x.sakId) : undefined;
      const unntatt = s !== undefined && harSkjulteFelt(s);
      const tekst = `Unntatt offentlighet${s?.skjerminger?.[0]?.skjermingshjemmel ? ` (${s.skjerminger[0].skjermingshjemmel})` : ''}.`;
      const v = x.vedtak;
      const stemmer = !v
        ? undefined
        : v.stemmemaate === 'enstemmig'
          ? 'Enstemmig.'
          : v.stemmer
            ? [`For: ${v.stemmer.for.map(person).join(', ') || 'ingen'}.`, `Mot: ${v.stemmer.mot.map(person).join(', ') || 'ingen'}.`, ...(v.stemmer.blank.length > 0 ? [`Blankt: ${v.stemmer.blank.map(person).join(', ')}.`] : [])].join(' ')
            : undefined;
      return {
        ...(nummer(x) ? { nummer: nummer(x) } : {}),
        tittel: unntatt ? String(offentligTilstand(s)['tittel']) : x.tittel,
        ...(x.moetesakstype === 'eventuelt' ? {} : { forslagTilVedtak: unntatt ? tekst : (x.forslagTilVedtak ?? UTEN_FORSLAG) }),
        inhabile: x.inhabile.map((id) => `${person(id)} gikk fra som inhabil.`),
        ...(v ? { utfall: UTFALL[v.vedtaksutfall], vedtak: unntatt ? tekst : v.vedtakstekst } : {}),
        ...(stemmer ? { stemmer } : {}),
      };
    });
  return {
    overskrift: `Protokoll, ${felles ? 'fellesmøte' : 'møte'} i ${hvem}, ${langDato(moete.moetedato)}`,
    stedOgTid: `${moete.moetested}, ${klokkeslett(moete.starttid)}${moete.sluttid ? `–${klokkeslett(moete.sluttid)}` : ''}`,
    status,
    tilStede,
    forfall,
    punkter,
  };
}

/** The protokoll as a self-contained printable HTML page (no scripts, one inline style element). */
export function protokollHtml(p: Protokoll): string {
  const deler: string[] = [
    '<!doctype html>',
    '<html lang="nb">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${htmlTekst(p.overskrift)}</title><style>${DOKUMENTSTIL}</style></head>`,
    '<body><main>',
    `<header><h1>${htmlTekst(p.overskrift)},</h1><p class="sted">${htmlTekst(p.stedOgTid)}</p><p class="merknad" role="note">${htmlTekst(p.status)}</p></header>`,
    '<section><h2>Til stede</h2>',
    ...(p.tilStede.length > 0 ? p.tilStede.map((t) => `<p>${htmlTekst(t)}</p>`) : ['<p>Ingen registrert.</p>']),
    ...(p.forfall.length > 0 ? ['<h3>Forfall:</h3>', ...p.forfall.map((t) => `<p>${htmlTekst(t)}</p>`)] : []),
    '</section><section>',
  ];
  for (const x of p.punkter) {
    deler.push('<article>', `<h2>${htmlTekst([x.nummer, x.tittel].filter(Boolean).join(' '))}</h2>`);
    if (x.forslagTilVedtak !== undefined) deler.push('<h3>Forslag til vedtak:</h3>', htmlAvsnitt(x.forslagTilVedtak));
    for (const i of x.inhabile) deler.push(`<p>${htmlTekst(i)}</p>`);
    if (x.vedtak !== undefined) {
      deler.push(`<h3>Vedtak (${htmlTekst(x.utfall ?? '')}):</h3>`, htmlAvsnitt(x.vedtak));
      if (x.stemmer) deler.push(`<p>${htmlTekst(x.stemmer)}</p>`);
    } else {
      deler.push('<p>Ikke behandlet.</p>');
    }
    deler.push('</article>');
  }
  deler.push('</section></main></body></html>');
  return deler.join('\n');
}

/** The protokoll as PDF (A4, pdfkit's Helvetica). */
export function protokollPdf(p: Protokoll, laget: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 57, lang: 'nb-NO', info: { Title: p.overskrift, Author: 'saksgang', CreationDate: laget, ModDate: laget } });
    const biter: Buffer[] = [];
    doc.on('data', (b: Buffer) => biter.push(b));
    doc.on('end', () => resolve(Buffer.concat(biter)));
    doc.on('error', reject);
    const fet = (t: string, size = 11) => doc.font('Helvetica-Bold').fontSize(size).text(t);
    const tekst = (t: string) => doc.font('Helvetica').fontSize(11).text(t, { paragraphGap: 4 });
    fet(`${p.overskrift},`, 14);
    fet(p.stedOgTid);
    tekst(p.status);
    doc.moveDown();
    fet('Til stede', 12);
    for (const t of p.tilStede.length > 0 ? p.tilStede : ['Ingen registrert.']) tekst(t);
    if (p.forfall.length > 0) {
      fet('Forfall:');
      for (const t of p.forfall) tekst(t);
    }
    for (const x of p.punkter) {
      doc.moveDown(0.8);
      fet([x.nummer, x.tittel].filter(Boolean).join(' '), 12);
      if (x.forslagTilVedtak !== undefined) {
        fet('Forslag til vedtak:');
        tekst(x.forslagTilVedtak);
      }
      for (const i of x.inhabile) tekst(i);
      if (x.vedtak !== undefined) {
        fet(`Vedtak (${x.utfall ?? ''}):`);
        tekst(x.vedtak);
        if (x.stemmer) tekst(x.stemmer);
      } else {
        tekst('Ikke behandlet.');
      }
    }
    doc.end();
  });
}
