import { Alert, Button, Checkbox, ErrorSummary, Field, Fieldset, Label, Select, Textarea, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { feiltekst, postOpplasting, postSteg, type Problem } from './api/klient';
import type { Felt, Steg } from './arbeidsflyt';
import { type OrganKort, useOrganer } from './organer';
import { type PartKort, type SignaturValg, useParter, useSakensDokumenter, useSignatarer } from './parter';

/** A choice for a path parameter (the oppdrag, the follow-up … the step acts on). */
export interface Valg {
  readonly verdi: string;
  readonly tekst: string;
}

type Verdier = Record<string, string | string[]>;

function lesUtkast(noekkel: string): Verdier {
  try {
    return JSON.parse(localStorage.getItem(noekkel) ?? '{}') as Verdier;
  } catch {
    return {};
  }
}

/** What the form sends: the fields a person filled in, as the declaration's kinds want them. */
function somBody(felter: readonly Felt[], verdier: Verdier): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of felter) {
    const v = verdier[f.navn];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (f.art === 'heltall') body[f.navn] = Number(v);
    else if (f.art === 'tekstliste') body[f.navn] = (Array.isArray(v) ? v : String(v).split('\n')).map((s) => s.trim()).filter(Boolean);
    // Each ticked signatory is «personId|organId|rolle».
    else if (f.art === 'signatarliste')
      body[f.navn] = (Array.isArray(v) ? v : [v])
        .filter(Boolean)
        .map((x) => x.split('|'))
        .map(([personId, organId, rolle]) => ({ personId, organId, rolle }));
    else body[f.navn] = v;
  }
  return body;
}

/** The bodies a list field offers: for a field declared `delAv` another, only those chosen there. */
function blantValgte(f: Felt, organer: readonly OrganKort[], verdier: Verdier): readonly OrganKort[] {
  if (f.art !== 'organliste' || !f.delAv) return organer;
  const valgt = verdier[f.delAv];
  const ider = Array.isArray(valgt) ? valgt : typeof valgt === 'string' && valgt ? [valgt] : [];
  return organer.filter((o) => ider.includes(o.organId));
}

/**
 * The form of one step, made from what the service declares about it (GET /arbeidsflyt: its fields,
 * their labels, kinds and limits) — nothing about a step is restated here. Typed text is kept in the
 * browser until the step is recorded, so it survives a reload; a refusal is shown with its reason,
 * beside the field it is about.
 */
export function StegSkjema({
  steg,
  sti,
  stivalg,
  feltvalg = {},
  sakId,
  versjon,
  utkastnoekkel,
  skjulte = {},
  fil,
  onFerdig,
}: {
  steg: Pick<Steg, 'tittel' | 'beskrivelse' | 'felter' | 'stiparametre'>;
  /** Fields the page gives itself (not shown): the value is sent when there is one (e.g. the sak a document belongs to). */
  skjulte?: Record<string, string | undefined>;
  /** The step carries a file (declared with the step): the form gets a file field and is sent as multipart/form-data, the file last. */
  fil?: { readonly etikett: string; readonly beskrivelse?: string; readonly godta?: string };
  /** The address with the sak (or meeting) filled in; the other path parameters come from `stivalg`. */
  sti: string;
  stivalg: Record<string, readonly Valg[]>;
  /** Fields whose value is chosen from a list (e.g. the sak an agenda item is about). */
  feltvalg?: Record<string, readonly Valg[]>;
  /** The sak the step concerns: fields declared `velges: 'dokument'` offer its documents by title. */
  sakId?: string;
  /** Changes when the page reads the sak again (e.g. after an upload), so the offered documents are read again. */
  versjon?: number;
  utkastnoekkel: string;
  onFerdig: (svar: unknown) => void;
}) {
  const organer = useOrganer();
  const parter = useParter(steg.felter.some((f) => f.velges === 'part'));
  const signatarer = useSignatarer(steg.felter.find((f) => f.art === 'signatarliste')?.roller);
  const dokumenter = useSakensDokumenter(sakId, steg.felter.some((f) => f.velges === 'dokument'), versjon);
  const [verdier, settVerdier] = useState<Verdier>(() => lesUtkast(utkastnoekkel));
  const [problem, settProblem] = useState<Problem>();
  const [sender, settSender] = useState(false);
  const id = useId();
  // The path parameters the caller did not fill in (the oppdrag, the agenda item …): chosen in the form.
  const stiparametre = steg.stiparametre.filter((p) => sti.includes(`{${p}}`));

  useEffect(() => {
    localStorage.setItem(utkastnoekkel, JSON.stringify(verdier));
  }, [utkastnoekkel, verdier]);

  const filfelt = useRef<HTMLInputElement>(null);
  const [filnoekkel, settFilnoekkel] = useState(0);
  const synlige = steg.felter.filter((f) => !(f.navn in skjulte));
  const sett = (navn: string, v: string | string[]) => settVerdier((gamle) => ({ ...gamle, [navn]: v }));
  const feltfeil = new Map((problem?.errors ?? []).map((e) => [e.field, e.reason]));

  const send = async (e: FormEvent) => {
    e.preventDefault();
    settSender(true);
    let adresse = sti;
    for (const p of stiparametre) adresse = adresse.replace(`{${p}}`, encodeURIComponent(String(verdier[`sti:${p}`] ?? stivalg[p]?.[0]?.verdi ?? '')));
    const body = { ...somBody(synlige, verdier), ...Object.fromEntries(Object.entries(skjulte).filter(([, v]) => v !== undefined)) };
    let svar: Awaited<ReturnType<typeof postSteg>>;
    if (fil) {
      // The fields first, the file last (the service checks the fields before it reads the file).
      const skjema = new FormData();
      for (const [navn, v] of Object.entries(body)) skjema.append(navn, String(v));
      const valgt = filfelt.current?.files?.[0];
      if (valgt) skjema.append('fil', valgt, valgt.name);
      svar = await postOpplasting(adresse, skjema);
    } else svar = await postSteg(adresse, body);
    settSender(false);
    if (!svar.ok) return settProblem(svar.problem);
    localStorage.removeItem(utkastnoekkel);
    settFilnoekkel((n) => n + 1);
    settVerdier({});
    settProblem(undefined);
    onFerdig(svar.svar);
  };

  return (
    <form className="skjema" onSubmit={(e) => void send(e)} aria-describedby={`${id}-om-steget`} noValidate>
      <p id={`${id}-om-steget`} className="liten">
        {steg.beskrivelse}
      </p>
      {problem && (feltfeil.size > 0 ? (
        <ErrorSummary>
          <ErrorSummary.Heading>Steget ble ikke registrert</ErrorSummary.Heading>
          <ErrorSummary.List>
            {[...feltfeil].map(([felt, grunn]) => (
              <ErrorSummary.Item key={felt}>
                <ErrorSummary.Link href={`#${id}-${felt}`}>{grunn}</ErrorSummary.Link>
              </ErrorSummary.Item>
            ))}
          </ErrorSummary.List>
        </ErrorSummary>
      ) : (
        <Alert data-color="danger" role="alert">
          {feiltekst(problem)}
        </Alert>
      ))}
      {stiparametre.map((p) => {
        const valg = stivalg[p] ?? [];
        return (
          <Field key={p}>
            <Label htmlFor={`${id}-sti-${p}`}>{stinavn(p)}</Label>
            <Select id={`${id}-sti-${p}`} value={String(verdier[`sti:${p}`] ?? valg[0]?.verdi ?? '')} onChange={(e) => sett(`sti:${p}`, e.target.value)}>
              {valg.map((v) => (
                <Select.Option key={v.verdi} value={v.verdi}>
                  {v.tekst}
                </Select.Option>
              ))}
            </Select>
          </Field>
        );
      })}
      {synlige.map((f) => (
        <FeltInput
          key={f.navn}
          felt={f}
          id={`${id}-${f.navn}`}
          verdi={verdier[f.navn]}
          feil={feltfeil.get(f.navn)}
          organer={blantValgte(f, organer ?? [], verdier)}
          parter={parter}
          signatarer={signatarer}
          valg={
            feltvalg[f.navn] ??
            (f.velges === 'part' && f.art === 'id' ? (parter ?? []).map((p) => ({ verdi: p.partId, tekst: p.navn })) : f.velges === 'dokument' && sakId ? (dokumenter ?? []).map((d) => ({ verdi: d.dokumentId, tekst: d.tittel })) : undefined)
          }
          onEndre={(v) => sett(f.navn, v)}
        />
      ))}
      {fil && (
        <Field>
          <Label htmlFor={`${id}-fil`}>{fil.etikett}</Label>
          {fil.beskrivelse && <Field.Description>{fil.beskrivelse}</Field.Description>}
          <input key={filnoekkel} ref={filfelt} id={`${id}-fil`} name="fil" type="file" className="filfelt" accept={fil.godta} required aria-invalid={feltfeil.has('fil') ? true : undefined} />
          {feltfeil.has('fil') && <ValidationMessage>{feltfeil.get('fil')}</ValidationMessage>}
        </Field>
      )}
      <div>
        <Button type="submit" disabled={sender}>
          {steg.tittel}
        </Button>
      </div>
    </form>
  );
}

function stinavn(p: string): string {
  return ({ oppdragId: 'Oppdraget', oppfoelgingId: 'Oppfølgingen', sakslistepunktId: 'Sakslistepunktet', skjermingId: 'Skjermingen', punktId: 'Punktet', dokumentId: 'Dokumentet' } as Record<string, string>)[p] ?? p;
}

function FeltInput({
  felt: f,
  id,
  verdi,
  feil,
  organer,
  parter,
  signatarer,
  valg: feltvalg,
  onEndre,
}: {
  felt: Felt;
  id: string;
  verdi: string | string[] | undefined;
  feil: string | undefined;
  organer: readonly { organId: string; navn: string }[];
  parter: readonly PartKort[] | undefined;
  signatarer: readonly SignaturValg[] | undefined;
  valg: readonly Valg[] | undefined;
  onEndre: (v: string | string[]) => void;
}) {
  const etikett = `${f.etikett}${f.valgfri ? ' (valgfritt)' : ''}`;
  const tekst = typeof verdi === 'string' ? verdi : '';
  const feilmelding = feil ? <ValidationMessage>{feil}</ValidationMessage> : null;
  const felles = { id, 'aria-invalid': feil ? true : undefined, required: !f.valgfri } as const;
  // Numbers known from history (recording old meetings) are given through the API, not in this form.
  if ((f.art === 'moetesaksnumre' || f.art === 'nummerliste') && f.valgfri) return null;
  if (feltvalg)
    return (
      <Field>
        <Label htmlFor={id}>{etikett}</Label>
        {f.beskrivelse && <Field.Description>{f.beskrivelse}</Field.Description>}
        <Select {...felles} value={tekst} onChange={(e) => onEndre(e.target.value)}>
          <Select.Option value="">{f.valgfri ? 'Ingen' : 'Velg …'}</Select.Option>
          {feltvalg.map((v) => (
            <Select.Option key={v.verdi} value={v.verdi}>
              {v.tekst}
            </Select.Option>
          ))}
        </Select>
        {feilmelding}
      </Field>
    );
  // Several registered outside parties (e.g. a hearing's recipients): chosen by name.
  if (f.velges === 'part' && f.art === 'tekstliste') {
    const valgt = Array.isArray(verdi) ? verdi : tekst ? tekst.split('\n').filter(Boolean) : [];
    return (
      <Fieldset>
        <Fieldset.Legend>{etikett}</Fieldset.Legend>
        {f.beskrivelse && <Fieldset.Description>{f.beskrivelse}</Fieldset.Description>}
        {parter && parter.length === 0 && <Fieldset.Description>Ingen eksterne parter er registrert ennå.</Fieldset.Description>}
        {(parter ?? []).map((p) => (
          <Checkbox key={p.partId} label={p.navn} value={p.partId} checked={valgt.includes(p.partId)} onChange={(e) => onEndre(e.target.checked ? [...valgt, p.partId] : valgt.filter((x) => x !== p.partId))} />
        ))}
        {feilmelding}
      </Fieldset>
    );
  }
  switch (f.art) {
    case 'organliste': {
      const valgt = Array.isArray(verdi) ? verdi : [];
      return (
        <Fieldset>
          <Fieldset.Legend>{etikett}</Fieldset.Legend>
          {f.beskrivelse && <Fieldset.Description>{f.beskrivelse}</Fieldset.Description>}
          {organer.length === 0 && f.delAv && <Fieldset.Description>Velg organene over først.</Fieldset.Description>}
          {organer.map((o) => (
            <Checkbox key={o.organId} label={o.navn} value={o.organId} checked={valgt.includes(o.organId)} onChange={(e) => onEndre(e.target.checked ? [...valgt, o.organId] : valgt.filter((x) => x !== o.organId))} />
          ))}
          {feilmelding}
        </Fieldset>
      );
    }
    case 'organ':
    case 'ettAv': {
      const valg = f.art === 'organ' ? organer.map((o) => ({ verdi: o.organId, tekst: o.navn })) : (f.verdier ?? []).map((v) => ({ verdi: v, tekst: f.verdinavn?.[v] ?? v.replaceAll('_', ' ') }));
      return (
        <Field>
          <Label htmlFor={id}>{etikett}</Label>
          {f.beskrivelse && <Field.Description>{f.beskrivelse}</Field.Description>}
          <Select {...felles} value={tekst || (f.art === 'ettAv' ? (f.standard ?? '') : '')} onChange={(e) => onEndre(e.target.value)}>
            {(f.valgfri || f.art === 'organ') && !f.standard && <Select.Option value="">Velg …</Select.Option>}
            {valg.map((v) => (
              <Select.Option key={v.verdi} value={v.verdi}>
                {v.tekst}
              </Select.Option>
            ))}
          </Select>
          {feilmelding}
        </Field>
      );
    }
    case 'signatarliste': {
      // The persons holding a role that may sign, today, by name, role and body.
      const valgt = Array.isArray(verdi) ? verdi : [];
      return (
        <Fieldset>
          <Fieldset.Legend>{etikett}</Fieldset.Legend>
          {f.beskrivelse && <Fieldset.Description>{f.beskrivelse}</Fieldset.Description>}
          {(signatarer ?? []).map((s) => (
            <Checkbox key={s.verdi} label={s.tekst} value={s.verdi} checked={valgt.includes(s.verdi)} onChange={(e) => onEndre(e.target.checked ? [...valgt, s.verdi] : valgt.filter((x) => x !== s.verdi))} />
          ))}
          {feilmelding}
        </Fieldset>
      );
    }
    case 'tekst':
    case 'tekstliste':
      if (f.art === 'tekstliste' || (f.maks ?? 0) > 300)
        return <Textarea_ id={id} etikett={etikett} beskrivelse={f.art === 'tekstliste' ? `${f.beskrivelse ?? ''} Én per linje.`.trim() : f.beskrivelse} verdi={tekst} feil={feil} maks={f.art === 'tekst' ? f.maks : undefined} paakrevd={!f.valgfri} onEndre={onEndre} />;
      return <Textfield {...felles} label={etikett} description={f.beskrivelse} value={tekst} maxLength={f.maks} onChange={(e) => onEndre(e.target.value)} error={feil} />;
    case 'dato':
    case 'tidspunkt':
      return <Textfield {...felles} type="date" label={etikett} description={f.beskrivelse} value={tekst} onChange={(e) => onEndre(e.target.value)} error={feil} />;
    case 'heltall':
      return <Textfield {...felles} type="number" label={etikett} description={f.beskrivelse} min={f.min} max={f.maks} value={tekst} onChange={(e) => onEndre(e.target.value)} error={feil} />;
    default:
      return <Textfield {...felles} label={etikett} description={f.beskrivelse} value={tekst} onChange={(e) => onEndre(e.target.value)} error={feil} />;
  }
}

function Textarea_({ id, etikett, beskrivelse, verdi, feil, maks, paakrevd, onEndre }: { id: string; etikett: string; beskrivelse: string | undefined; verdi: string; feil: string | undefined; maks: number | undefined; paakrevd: boolean; onEndre: (v: string) => void }) {
  return (
    <Field>
      <Label htmlFor={id}>{etikett}</Label>
      {beskrivelse && <Field.Description>{beskrivelse}</Field.Description>}
      <Textarea id={id} rows={4} value={verdi} maxLength={maks} required={paakrevd} aria-invalid={feil ? true : undefined} onChange={(e) => onEndre(e.target.value)} />
      {feil && <ValidationMessage>{feil}</ValidationMessage>}
    </Field>
  );
}
