import { fileTypeFromBuffer } from 'file-type';
import { DOKUMENTFORMATER, DOKUMENTFORMATNAVN, type Dokumentformat } from '@saksgang/domain';

/** How many first bytes the format is told from (the signatures and, for DOCX/XLSX/ODT, the first zip entries). */
const PROEVESTOERRELSE = 64 * 1024;

/** What the content turned out to be: an allowed format, or why not. */
export type Innholdsfunn =
  | { readonly tillatt: true; readonly format: Dokumentformat; readonly mimeType: string; readonly formatDetaljer?: string }
  | { readonly tillatt: false; readonly grunn: string };

const MIME: Readonly<Record<Dokumentformat, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpeg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
};

const FRA_FILE_TYPE: Readonly<Record<string, Dokumentformat>> = { pdf: 'pdf', docx: 'docx', odt: 'odt', xlsx: 'xlsx', png: 'png', jpg: 'jpeg' };

export const FILENDELSE: Readonly<Record<Dokumentformat, readonly string[]>> = {
  pdf: ['pdf'],
  docx: ['docx'],
  odt: ['odt'],
  xlsx: ['xlsx'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
  txt: ['txt', 'text', 'md', 'csv'],
};

/** What people call the formats most often sent by mistake (file-type's extension → bokmål); others by their extension. */
const KJENTE_FORMATER: Readonly<Record<string, string>> = {
  exe: 'et program (EXE)',
  elf: 'et program (ELF)',
  mach: 'et program (Mach-O)',
  msi: 'en installasjonspakke (MSI)',
  zip: 'et ZIP-arkiv',
  '7z': 'et 7-Zip-arkiv',
  rar: 'et RAR-arkiv',
  gz: 'et gzip-arkiv',
  tar: 'et tar-arkiv',
  cfb: 'et eldre Office-dokument (DOC, XLS eller PPT)',
  doc: 'et eldre Word-dokument (DOC)',
  xls: 'et eldre Excel-regneark (XLS)',
  ppt: 'en eldre PowerPoint-presentasjon (PPT)',
  pptx: 'en PowerPoint-presentasjon (PPTX)',
  ods: 'et OpenDocument-regneark (ODS)',
  odp: 'en OpenDocument-presentasjon (ODP)',
  rtf: 'et RTF-dokument',
  gif: 'et GIF-bilde',
  webp: 'et WebP-bilde',
  heic: 'et HEIC-bilde',
  tif: 'et TIFF-bilde',
  bmp: 'et BMP-bilde',
  mp4: 'en video (MP4)',
  mov: 'en video (QuickTime)',
  mp3: 'et lydopptak (MP3)',
  html: 'en nettside (HTML)',
  xml: 'et XML-dokument',
};

/** «et program (EXE)», «en fil av typen ICO»: never a MIME type in what a person reads. */
export function formatForMennesker(ext: string): string {
  return KJENTE_FORMATER[ext] ?? `en fil av typen ${ext.toUpperCase()}`;
}

export const TILLATTE_FORMATER_TEKST = DOKUMENTFORMATER.map((f) => DOKUMENTFORMATNAVN[f]).join(', ');

/**
 * Watches the bytes as they stream past (into the store): keeps the first {@link PROEVESTOERRELSE}
 * bytes for the format, checks the whole stream as UTF-8 text without NUL (for plain text), and looks
 * for a PDF/A identification (`pdfaid:part`) in the XMP metadata. Holds no more than the sample.
 */
export class Innholdskontroll {
  private readonly proeve: Buffer[] = [];
  private proeveLengde = 0;
  private readonly tekst = new TextDecoder('utf-8', { fatal: true });
  private erTekst = true;
  private hale = '';
  private pdfa: string | undefined;

  observer(b: Uint8Array): void {
    if (this.proeveLengde < PROEVESTOERRELSE) {
      const del = b.subarray(0, PROEVESTOERRELSE - this.proeveLengde);
      this.proeve.push(Buffer.from(del));
      this.proeveLengde += del.length;
    }
    if (this.erTekst) {
      if (b.includes(0)) this.erTekst = false;
      else {
        try {
          this.tekst.decode(b, { stream: true });
        } catch {
          this.erTekst = false;
        }
      }
    }
    if (this.pdfa === undefined) {
      const s = this.hale + Buffer.from(b).toString('latin1');
      const m = /pdfaid:part\s*(?:=\s*["']|>)\s*(\d)/.exec(s);
      if (m) {
        const c = /pdfaid:conformance\s*(?:=\s*["']|>)\s*([A-Za-z])/.exec(s);
        this.pdfa = `PDF/A-${m[1]}${c ? c[1]!.toLowerCase() : ''}`;
      }
      this.hale = s.slice(-200);
    }
  }

  /** What the content is, once every byte has passed. */
  async funn(): Promise<Innholdsfunn> {
    const proeve = Buffer.concat(this.proeve, this.proeveLengde);
    if (proeve.length === 0) return { tillatt: false, grunn: 'Filen er tom.' };
    const ft = await fileTypeFromBuffer(proeve);
    if (ft) {
      const format = FRA_FILE_TYPE[ft.ext];
      if (!format) return { tillatt: false, grunn: `Filen er ${formatForMennesker(ft.ext)} (funnet ut fra innholdet, ikke filnavnet); tillatt er ${TILLATTE_FORMATER_TEKST}.` };
      return { tillatt: true, format, mimeType: MIME[format], ...(format === 'pdf' && this.pdfa ? { formatDetaljer: this.pdfa } : {}) };
    }
    if (this.erTekst) {
      try {
        this.tekst.decode();
      } catch {
        this.erTekst = false;
      }
    }
    if (this.erTekst) return { tillatt: true, format: 'txt', mimeType: MIME.txt };
    return { tillatt: false, grunn: `Formatet kunne ikke gjenkjennes ut fra innholdet (heller ikke som ren tekst i UTF-8 uten NUL-tegn); tillatt er ${TILLATTE_FORMATER_TEKST}.` };
  }
}

/**
 * The file name as stored: the last part of what the client sent (no directories), without control
 * characters, at most 255 characters; with the format's file extension added when the name has
 * another (a PDF sent as «rapport.png» is stored as «rapport.png.pdf»).
 */
export function filnavnFor(oppgitt: string | undefined, format: Dokumentformat): string {
  const rent = (oppgitt ?? '')
    .split(/[/\\]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  const endelse = rent.includes('.') ? rent.slice(rent.lastIndexOf('.') + 1).toLowerCase() : '';
  const navn = rent.length > 0 ? rent : 'dokument';
  const medEndelse = FILENDELSE[format].includes(endelse) ? navn : `${navn}.${FILENDELSE[format][0]}`;
  return medEndelse.length <= 255 ? medEndelse : medEndelse.slice(medEndelse.length - 255);
}
