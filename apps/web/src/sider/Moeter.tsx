import { Details, Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { useNavigate } from 'react-router';
import { api, type Skjema } from '../api/klient';
import { dato } from '../format';
import { useLesing } from '../lesing';
import { useMoeteflyt } from '../moeteflyt';
import { useOekt } from '../oekt';
import { StegSkjema } from '../StegSkjema';
import { KreverHandlerFor, Lenke, Side } from './felles';

type Kalender = Skjema<'MoetekalenderDto'>;
type MineMoeter = Skjema<'MineMoeterDto'>;
type KalenderMoete = Kalender['moeter'][number] & { somRolle?: string[] };

/** «Møter»: the meetings of the body the person acts for, and planning a new one. */
export function Moeter() {
  return (
    <KreverHandlerFor>
      <MoeterForOrgan />
    </KreverHandlerFor>
  );
}

function MoeterForOrgan() {
  const organ = useOekt()!.handlerFor!;
  const flyt = useMoeteflyt();
  const naviger = useNavigate();
  const { data: kalender, feil } = useLesing<Kalender>(() => api.GET('/organer/{organId}/moeter', { params: { path: { organId: organ.organId } } }), [organ.organId]);
  const { data: mine } = useLesing<MineMoeter>(() => api.GET('/meg/moeter', {}), []);
  const planlegg = flyt?.steg.find((s) => s.fra.length === 0);
  return (
    <Side tittel={`Møter i ${organ.organnavn}`} laster={!kalender || !flyt} feil={feil}>
      {kalender && (
        <>
          {planlegg && (
            <Details>
              <Details.Summary>{planlegg.tittel}</Details.Summary>
              <Details.Content>
                <StegSkjema
                  steg={planlegg}
                  sti={planlegg.http.path}
                  stivalg={{}}
                  utkastnoekkel={`saksgang.utkast.moete.${organ.organId}`}
                  onFerdig={(svar) => {
                    const moeteId = (svar as { moeteId?: string } | undefined)?.moeteId;
                    if (moeteId) void naviger(`/app/moeter/${moeteId}`);
                  }}
                />
              </Details.Content>
            </Details>
          )}
          <Heading level={2} data-size="md">
            Møtekalenderen
          </Heading>
          <MoeteTabell moeter={kalender.moeter} tekst="Møtene, etter dato" tom="Ingen møter er registrert." />
          {mine && (
            <>
              <Heading level={2} data-size="md">
                Mine kommende møter
              </Heading>
              <Paragraph data-size="sm">Møtene i alle organene du er med i, også fellesmøter, fra i dag.</Paragraph>
              <MoeteTabell moeter={mine.moeter} tekst="Mine kommende møter, etter dato" tom="Du har ingen kommende møter." visRolle />
            </>
          )}
        </>
      )}
    </Side>
  );
}

/** Meetings as a table: the meeting (a link), time and place, status, number of items (and, for one's own, the role). */
function MoeteTabell({ moeter, tekst, tom, visRolle = false }: { moeter: readonly KalenderMoete[]; tekst: string; tom: string; visRolle?: boolean }) {
  if (moeter.length === 0) return <Paragraph>{tom}</Paragraph>;
  return (
    <div className="tabell-rulle">
      <Table zebra>
        <caption className="skjult">{tekst}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>Møte</Table.HeaderCell>
            <Table.HeaderCell>Tid og sted</Table.HeaderCell>
            {visRolle && <Table.HeaderCell>Organ og rolle</Table.HeaderCell>}
            <Table.HeaderCell>Status</Table.HeaderCell>
            <Table.HeaderCell>Saker</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {moeter.map((m) => (
            <Table.Row key={m.moeteId}>
              <Table.Cell>
                <Lenke til={`/app/moeter/${m.moeteId}`}>
                  {m.fellesmoete ? 'Fellesmøte' : 'Møte'} {dato(m.moetedato)}
                  {m.moetenummer ? ` (møte ${m.moetenummer})` : ''}
                </Lenke>
              </Table.Cell>
              <Table.Cell>
                kl. {m.starttid.replace(':', '.')}
                {m.sluttid ? `–${m.sluttid.replace(':', '.')}` : ''}, {m.moetested}
              </Table.Cell>
              {visRolle && <Table.Cell>{(m.somRolle ?? []).join('; ')}</Table.Cell>}
              <Table.Cell>
                <Tag data-color={m.status === 'avlyst' ? 'danger' : 'info'}>{m.statusTekst}</Tag>
              </Table.Cell>
              <Table.Cell>{m.antallPunkter}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  );
}
