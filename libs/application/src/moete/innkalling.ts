/**
 * The innkalling of a meeting, laid out like the real one (seed 004: «Innkalling, møte i PSU –
 * politisk samarbeidsutvalg, 15. februar 2019, Sykehuset Levanger, Store møterom Arken, 0900-11.30»,
 * then «Sak 1/19 Årsmelding 2018 — Forslag til vedtak: … — Saksframlegg: …», the orienteringssaker
 * under their own heading, signed by the leader). One model made from the recorded meeting
 * ({@link lagInnkalling}), two renderings: printable HTML (no scripts; one inline style element, as the
 * API's CSP allows) and PDF (pdfkit). The public version: an item about a sak with exempt information
 * shows the sak's public title, and its proposal and saksframlegg are left out with the legal basis.
 * Bokmål, bodies and people by name, never ids.
 */
import { harSkjulteFelt, kortnavn, medlemmerPaaDato, type Moete, type Moetepunkt, type Organ, offentligTilstand, type Sak } from '@saksgang/domain';
import PDFDocument from 'pdfkit';

const MAANEDER = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];

/** «15. februar 2019». */
export function langDato(isoDato: string): string {
  const [a, m, d] = isoDato.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${d}. ${MAANEDER[m - 1]} ${a}`;
}

export const klokkeslett = (t: string) => t.replace(':', '.');

export interface Innkallingspunkt {
  /** «Sak 1/19»; a joint meeting: «PSU sak 3/17, ASU sak 16/17»; none for «Eventuelt» or before the innkalling. */
  readonly nummer?: string;
  readonly tittel: string;
  /** The text after «Forslag til vedtak:»; none for «Eventuelt». */
  readonly forslagTilVedtak?: string;
  readonly saksframlegg?: string;
  readonly leggesFramAv?: string;
  readonly tilleggssak: boolean;
}

export interface Innkalling {
  /** «Innkalling, møte i PSU – politisk samarbeidsutvalg, 15. februar 2019». */
  readonly overskrift: string;
  /** «Sykehuset Levanger, Store møterom Arken, 09.00–11.30». */
  readonly stedOgTid: string;
  /** Notes above the items: moved, called off. */
  readonly merknader: readonly string[];
  readonly seksjoner: readonly { readonly overskrift?: string; readonly punkter: readonly Innkallingspunkt[] }[];
  /** «Robert Svarva, leder av PSU». */
  readonly signatur?: string;
}

export const UTEN_FORSLAG = 'Saken blir lagt fram uten forslag til vedtak.';

/** The innkalling from the meeting as recorded; `sak` gives the saker the items are about (for what is exempt). */
export function lagInnkalling(moete: Moete, organ: (organId: string) => Pick<Organ, 'navn' | 'organtype' | 'medlemsperioder'> | undefined, sak: (sakId: string) => Sak | undefined): Innkalling {
  const felles = moete.organIder.length > 1;
  const navn = moete.organIder.map((id) => organ(id)?.navn ?? id);
  const hvem = navn.length <= 1 ? navn[0]! : `${navn.slice(0, -1).join(', ')} og ${navn[navn.length - 1]}`;
  const overskrift = `Innkalling, ${felles ? 'fellesmøte' : 'møte'} i ${hvem}, ${langDato(moete.moetedato)}`;
  const stedOgTid = `${moete.moetested}, ${klokkeslett(moete.starttid)}${moete.sluttid ? `–${klokkeslett(moete.sluttid)}` : ''}`;
  const merknader: string[] = [];
  if (moete.avlyst) merknader.push(`Møtet er avlyst: ${moete.avlyst.begrunnelse}`);
  const flytting = moete.flyttinger[moete.flyttinger.length - 1];
  if (flytting) merknader.push(`Møtet er flyttet fra ${langDato(flytting.fraDato)}: ${flytting.begrunnelse}`);

  const nummer = (p: Moetepunkt): string | undefined => {
    const numre = moete.organIder.flatMap((id) => p.numre.filter((n) => n.organId === id && n.serie !== 'moete'));
    if (numre.length === 0) return undefined;
    return numre.map((n) => `${felles ? `${kortnavn(organ(n.organId), n.organId)} sak` : 'Sak'} ${n.nummer}/${String(n.aar).slice(-2)}`).join(', ');
  };
  const punkt = (p: Moetepunkt): Innkallingspunkt => {
    const s = p.sakId !== undefined ? sak(p.sakId) : undefined;
    const unntatt = s !== undefined && harSkjulteFelt(s);
    const base = { nummer: nummer(p), tilleggssak: p.tilleggssak, leggesFramAv: p.leggesFramAv };
    if (p.moetesakstype === 'eventuelt') return { ...base, tittel: p.tittel };
    if (unntatt) {
      const hjemmel = s.skjerminger?.[0]?.skjermingshjemmel;
      const tekst = `Unntatt offentlighet${hjemmel ? ` (${hjemmel})` : ''}.`;
      return { ...base, tittel: String(offentligTilstand(s)['tittel']), forslagTilVedtak: tekst, saksframlegg: tekst };
    }
    return { ...base, tittel: p.tittel, forslagTilVedtak: p.forslagTilVedtak ?? UTEN_FORSLAG, ...(p.saksframlegg !== undefined ? { saksframlegg: p.saksframlegg } : {}) };
  };
  const aktive = [...moete.punkter].filter((p) => p.trukket === undefined).sort((a, b) => a.rekkefoelge - b.rekkefoelge);
  const iOrienteringsserie = (p: Moetepunkt) => p.numre.some((n) => n.serie === 'orientering');
  const seksjoner = [
    { punkter: aktive.filter((p) => !iOrienteringsserie(p)).map(punkt) },
    ...(aktive.some(iOrienteringsserie) ? [{ overskrift: 'Orienteringssaker', punkter: aktive.filter(iOrienteringsserie).map(punkt) }] : []),
  ];

  const foerste = moete.organIder[0] !== undefined ? organ(moete.organIder[0]) : undefined;
  const leder = foerste ? medlemmerPaaDato(foerste as Organ, moete.moetedato).find((m) => m.rolle === 'leder') : undefined;
  return {
    overskrift,
    stedOgTid,
    merknader,
    seksjoner,
    ...(leder ? { signatur: `${leder.navn}, leder av ${kortnavn(foerste, moete.organIder[0]!)}` } : {}),
  };
}

export function htmlTekst(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text as paragraphs: a blank line starts a new one, a line break stays one. */
export function htmlAvsnitt(tekst: string): string {
  return tekst
    .split(/\n\s*\n/)
    .map((a) => `<p>${htmlTekst(a.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

export const DOKUMENTSTIL = `body{font-family:Calibri,Carlito,Arial,sans-serif;font-size:11pt;line-height:1.4;margin:2cm;color:#000;max-width:17cm}
h1{font-size:14pt;margin:0 0 .2em}
.sted{margin:0 0 1.5em;font-weight:bold}
.merknad{border:1px solid #a00;padding:.3em .6em;color:#a00}
h2{font-size:12pt;margin:1.4em 0 .3em}
h3{font-size:11pt;font-weight:bold;margin:.6em 0 .1em}
.seksjon{font-size:13pt;margin-top:2em;border-bottom:1px solid #000}
p{margin:.2em 0}
footer{margin-top:2.5em}
@media print{body{margin:0}article{break-inside:avoid-page}}`;

/** The innkalling as a self-contained printable HTML page (no scripts, one inline style element). */
export function innkallingHtml(i: Innkalling): string {
  const deler: string[] = [
    '<!doctype html>',
    '<html lang="nb">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${htmlTekst(i.overskrift)}</title><style>${DOKUMENTSTIL}</style></head>`,
    '<body><main>',
    `<header><h1>${htmlTekst(i.overskrift)},</h1><p class="sted">${htmlTekst(i.stedOgTid)}</p>`,
    ...i.merknader.map((m) => `<p class="merknad" role="note">${htmlTekst(m)}</p>`),
    '</header>',
  ];
  for (const s of i.seksjoner) {
    deler.push('<section>');
    if (s.overskrift) deler.push(`<h2 class="seksjon">${htmlTekst(s.overskrift)}</h2>`);
    for (const p of s.punkter) {
      deler.push('<article>', `<h2>${htmlTekst([p.nummer, p.tittel].filter(Boolean).join(' '))}${p.tilleggssak ? ' (tilleggssak)' : ''}</h2>`);
      if (p.forslagTilVedtak !== undefined) deler.push('<h3>Forslag til vedtak:</h3>', htmlAvsnitt(p.forslagTilVedtak));
      if (p.saksframlegg !== undefined || p.leggesFramAv !== undefined) {
        deler.push('<h3>Saksframlegg:</h3>');
        if (p.leggesFramAv !== undefined) deler.push(`<p>${htmlTekst(p.leggesFramAv)} legger fram saken i møtet.</p>`);
        if (p.saksframlegg !== undefined) deler.push(htmlAvsnitt(p.saksframlegg));
      }
      deler.push('</article>');
    }
    deler.push('</section>');
  }
  if (i.signatur) deler.push(`<footer><p>${htmlTekst(i.signatur)}</p></footer>`);
  deler.push('</main></body></html>');
  return deler.join('\n');
}

/** The innkalling as PDF (A4, pdfkit's built-in Helvetica: WinAnsi covers æ, ø, å, «», –). */
export function innkallingPdf(i: Innkalling, laget: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 57, lang: 'nb-NO', info: { Title: i.overskrift, Author: 'saksgang', CreationDate: laget, ModDate: laget } });
    const biter: Buffer[] = [];
    doc.on('data', (b: Buffer) => biter.push(b));
    doc.on('end', () => resolve(Buffer.concat(biter)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(14).text(`${i.overskrift},`);
    doc.font('Helvetica-Bold').fontSize(11).text(i.stedOgTid).moveDown();
    for (const m of i.merknader) doc.font('Helvetica-Bold').fillColor('#aa0000').text(m).fillColor('black').moveDown(0.5);
    const tekst = (t: string) => doc.font('Helvetica').fontSize(11).text(t, { paragraphGap: 4 });
    for (const s of i.seksjoner) {
      if (s.overskrift) doc.moveDown().font('Helvetica-Bold').fontSize(13).text(s.overskrift);
      for (const p of s.punkter) {
        doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(`${[p.nummer, p.tittel].filter(Boolean).join(' ')}${p.tilleggssak ? ' (tilleggssak)' : ''}`);
        if (p.forslagTilVedtak !== undefined) {
          doc.moveDown(0.3).font('Helvetica-Bold').fontSize(11).text('Forslag til vedtak:');
          tekst(p.forslagTilVedtak);
        }
        if (p.saksframlegg !== undefined || p.leggesFramAv !== undefined) {
          doc.moveDown(0.3).font('Helvetica-Bold').fontSize(11).text('Saksframlegg:');
          if (p.leggesFramAv !== undefined) tekst(`${p.leggesFramAv} legger fram saken i møtet.`);
          if (p.saksframlegg !== undefined) tekst(p.saksframlegg);
        }
      }
    }
    if (i.signatur) doc.moveDown(2).font('Helvetica').fontSize(11).text(i.signatur);
    doc.end();
  });
}
