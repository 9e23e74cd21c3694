/**
 * The avvik where other pages show them (issue 19), each fed by an avvik read model: the body's
 * overdue avvik on its «Arbeidsliste» (GET /avvik/organ/{organId}/restanser, most overdue first) and
 * the avvik a forbedringssak follows up on the sak's page (GET /avvik/forbedringssaker/{sakId}).
 * Either renders nothing when there is nothing to show, so the pages stay as they were.
 */
import { Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { api, type Skjema } from '../../api/klient';
import { dato } from '../../format';
import { Lenke } from '../felles';

type AvvikIListe = Skjema<'AvvikIListeDto'>;

function dagerTekst(n: number): string {
  return `${n} ${n === 1 ? 'dag' : 'dager'} på overtid`;
}

/** The body's avvik not answered within the frist: who reported it, what it is about, the frist and days overdue, most overdue first. */
export function AvviksrestanserForOrgan({ organId }: { organId: string }) {
  const [rader, settRader] = useState<readonly AvvikIListe[]>();
  useEffect(() => {
    let aktiv = true;
    void api.GET('/avvik/organ/{organId}/restanser', { params: { path: { organId } } }).then(({ data }) => aktiv && settRader(data?.avvik ?? []));
    return () => {
      aktiv = false;
    };
  }, [organId]);
  if (!rader || rader.length === 0) return null;
  const sortert = [...rader].sort((a, b) => (b.dagerForfalt ?? 0) - (a.dagerForfalt ?? 0) || a.avvikId.localeCompare(b.avvikId));
  return (
    <section className="stabel" aria-labelledby="avviksrestanser">
      <Heading level={2} data-size="md" id="avviksrestanser">
        Avvik som venter på svar
      </Heading>
      <Paragraph>
        {sortert.length} {sortert.length === 1 ? 'avvik er' : 'avvik er'} ikke besvart innen svarfristen.
      </Paragraph>
      <div className="tabell-rulle">
        <Table zebra>
          <caption className="skjult">Avvik på overtid, mest på overtid først</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>Avvik</Table.HeaderCell>
              <Table.HeaderCell>Kategori</Table.HeaderCell>
              <Table.HeaderCell>Svarfrist</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {sortert.map((a) => (
              <Table.Row key={a.avvikId}>
                <Table.Cell>
                  <Lenke til={`/app/avvik/${a.avvikId}`}>
                    Fra {a.meldernavn}: {a.tjenesteavtale}
                  </Lenke>
                </Table.Cell>
                <Table.Cell>{a.kategorinavn}</Table.Cell>
                <Table.Cell>{dato(a.svarfrist)}</Table.Cell>
                <Table.Cell>
                  <Tag data-color="danger">{dagerTekst(a.dagerForfalt ?? 0)}</Tag>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
    </section>
  );
}

/** On a sak's page: the avvik it follows up as a forbedringssak (those the reader may read; the others only counted). */
export function ForbedringssakensAvvik({ sakId }: { sakId: string }) {
  const [svar, settSvar] = useState<Skjema<'ForbedringssakensAvvikDto'>>();
  useEffect(() => {
    let aktiv = true;
    void api.GET('/avvik/forbedringssaker/{sakId}', { params: { path: { sakId } } }).then(({ data }) => aktiv && settSvar(data));
    return () => {
      aktiv = false;
    };
  }, [sakId]);
  if (!svar || svar.antall === 0) return null;
  const andre = svar.antall - svar.avvik.length;
  return (
    <section className="stabel" aria-labelledby="sakens-avvik">
      <Heading level={2} data-size="md" id="sakens-avvik">
        Avvik saken følger opp
      </Heading>
      <Paragraph>
        Forbedringssak fra {svar.antall} samhandlingsavvik{svar.rapportert > 0 ? `; rapportert tilbake til ${svar.rapportert}` : ''}.
        {andre > 0 ? ` ${andre} av dem er skjermet for deg.` : ''}
      </Paragraph>
      {svar.avvik.length > 0 && (
        <ul className="stabel" aria-label="Avvikene saken følger opp">
          {svar.avvik.map((a) => (
            <li key={a.avvikId}>
              <Lenke til={`/app/avvik/${a.avvikId}`}>
                {a.meldernavn} → {a.motpartnavn}: {a.tjenesteavtale}
              </Lenke>{' '}
              ({a.kategorinavn}, meldt {dato(a.meldt)}, {a.statusTekst.toLowerCase()})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
