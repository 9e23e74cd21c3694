import { Paragraph, Table } from '@digdir/designsystemet-react';
import { api, type Skjema } from '../api/klient';
import { dato } from '../format';
import { useOekt } from '../oekt';
import { useLesing } from '../lesing';
import { AvviksrestanserForOrgan } from './avvik/AvvikIAndreSider';
import { FristTag, KreverHandlerFor, Lenke, Side } from './felles';

type Liste = Skjema<'ArbeidslisteDto'>;

/** «Arbeidsliste»: what waits for the body the person acts for, most urgent first. */
export function Arbeidsliste() {
  return (
    <KreverHandlerFor>
      <ArbeidslisteForOrgan />
    </KreverHandlerFor>
  );
}

function ArbeidslisteForOrgan() {
  const oekt = useOekt()!;
  const organ = oekt.handlerFor!;
  const { data: liste, feil } = useLesing<Liste>(() => api.GET('/organer/{organId}/arbeidsliste', { params: { path: { organId: organ.organId } } }), [organ.organId, organ.rolle]);
  return (
    <Side tittel={`Arbeidsliste for ${organ.organnavn}`} laster={!liste} feil={feil}>
      {liste && (
        <>
          <Paragraph>
            {/* The list holds what waits in saker; overdue avvik have their own section below. */}
            {liste.antall === 0 ? 'Ingenting venter på dere i sakene.' : `${liste.antall} ${liste.antall === 1 ? 'ting venter' : 'ting venter'} på dere i sakene`}
            {liste.antallForfalt > 0 ? `, ${liste.antallForfalt} på overtid.` : liste.antall > 0 ? '.' : ''}
          </Paragraph>
          {liste.punkter.length > 0 && (
            <div className="tabell-rulle">
              <Table zebra>
                <caption className="skjult">Det som venter, mest haster først</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>Sak</Table.HeaderCell>
                    <Table.HeaderCell>Hva venter</Table.HeaderCell>
                    <Table.HeaderCell>Frist</Table.HeaderCell>
                    <Table.HeaderCell>Status</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {[...liste.punkter]
                    .sort((a, b) => (a.dagerTilFrist ?? 1e9) - (b.dagerTilFrist ?? 1e9))
                    .map((p) => (
                      <Table.Row key={p.punktId}>
                        <Table.Cell>
                          <Lenke til={`/app/saker/${p.sakId}`}>{p.sakTittel}</Lenke>
                        </Table.Cell>
                        <Table.Cell>{p.beskrivelse}</Table.Cell>
                        <Table.Cell>{p.frist ? dato(p.frist) : '–'}</Table.Cell>
                        <Table.Cell>
                          <FristTag dager={p.dagerTilFrist} forfalt={p.forfalt} />
                        </Table.Cell>
                      </Table.Row>
                    ))}
                </Table.Body>
              </Table>
            </div>
          )}
          <AvviksrestanserForOrgan organId={organ.organId} />
        </>
      )}
    </Side>
  );
}
