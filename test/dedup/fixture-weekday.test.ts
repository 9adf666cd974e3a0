// A weekday a report names for what comes next ("Im Halbfinale trifft er am Freitag auf …") is not the day of its own
// event, so it does not contradict the day another outlet's report of the same result names ("gewannen am Mittwoch");
// a weekday the report names as its event's day still vetoes. Unit cases of fixture-weekdays.ts `fixtureOnlyWeekdays`, then
// through the real ingest + placement path. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { fixtureOnlyWeekdays } from '../../src/dedup/fixture-weekdays.js';
import { feedItem, harness, source } from './dedup-harness.js';

const SUNDAY = 0;
const MONDAY = 1;
const TUESDAY = 2;
const WEDNESDAY = 3;
const THURSDAY = 4;
const FRIDAY = 5;
const SATURDAY = 6;
const notOwnDay = (): boolean => false;

describe('weekdays named only for a later fixture', () => {
  it.each([
    ['de', 'Im Halbfinale trifft er am Freitag auf den Sieger des Abends.', 1 << FRIDAY],
    ['de', 'Weiter geht es am Sonntag in Mannheim.', 1 << SUNDAY],
    ['de', 'Die Serie steht 1:1, am Sonntag geht es in Mannheim weiter.', 1 << SUNDAY],
    ['de', 'Bei der nächsten Ziehung am Samstag liegen 12 Millionen im Topf.', 1 << SATURDAY],
    ['en', 'The Briton will face the top seed on Friday.', 1 << FRIDAY],
    ['en', 'Their next match is on Saturday.', 1 << SATURDAY],
    // A day the text also names for its own event stays a date.
    ['de', 'Sie gewannen am Freitag und treffen am Freitag erneut aufeinander.', 0],
    // No fixture clause: the day dates the event.
    ['de', 'Die Kieler gewannen am Mittwoch das Nordderby.', 0],
    ['en', 'Raducanu beat the top seed on Friday.', 0],
    ['en', 'A fire broke out in the shop next to the station on Monday.', 0],
    // "next" and "nächste" before a subject that is no fixture: the weekday dates what that subject did.
    ['en', "Japan's next prime minister on Monday vowed to raise defence spending.", 0],
    ['de', 'Die nächste Regierung will am Montag ihren Haushalt vorlegen.', 0],
    ['en', 'Their next home game against Leeds is on Saturday.', 1 << SATURDAY],
    ['de', 'Das nächste Heimspiel steigt am Sonntag gegen Mannheim.', 1 << SUNDAY],
    // "treffen" is a fixture against an opponent ("auf", "aufeinander") on either side of the day.
    ['de', 'Am Samstag trifft der THW Kiel auf die Füchse Berlin.', 1 << SATURDAY],
    ['de', 'Kiel und Berlin treffen am Samstag im Halbfinale aufeinander.', 1 << SATURDAY],
    ['de', 'Im Halbfinale trifft Kiel auf Berlin am Samstag.', 1 << SATURDAY],
    // A meeting, reflexive or with a person, and what a storm hits: the day of the report's own event.
    ['de', 'Die Minister treffen sich am Montag in Brüssel.', 0],
    ['de', 'Am Montag treffen sich die Außenminister in Brüssel.', 0],
    ['de', 'Kanzler Merz trifft am Montag Präsident Macron in Paris.', 0],
    ['de', 'Der Sturm trifft am Montag die Nordseeküste.', 0],
    ['en', 'Sinner will meet Alcaraz on Sunday in the final.', 1 << SUNDAY],
    ['en', 'EU finance ministers will meet on Monday in Brussels.', 0],
    ['en', 'The chancellor will meet with union leaders on Monday.', 0],
    // French and Spanish: a listed future form, "va/vont (+ infinitive)", "va/van a (+ infinitive)", a modal with an
    // infinitive, "prévu pour" / "previsto para", "à partir de" / "a partir del", "prochain" / "próximo" name a day ahead.
    ['fr', 'La motion de censure sera examinée vendredi à l’Assemblée.', 1 << FRIDAY],
    ['fr', 'Les négociateurs se retrouveront mercredi à Genève.', 1 << WEDNESDAY],
    ['fr', 'Les ministres se réuniront jeudi à Bruxelles.', 1 << THURSDAY],
    ['fr', 'Macron va rencontrer Scholz jeudi.', 1 << THURSDAY],
    ['fr', 'Le texte doit être voté vendredi.', 1 << FRIDAY],
    ['fr', 'Le sommet est prévu pour jeudi.', 1 << THURSDAY],
    ['fr', 'La réforme s’appliquera à partir de lundi.', 1 << MONDAY],
    ['fr', 'Rendez-vous samedi prochain au Parc des Princes.', 1 << SATURDAY],
    ['fr', 'Titre du jour\nSera examinée jeudi, la motion de censure.', 1 << THURSDAY],
    ['es', 'Las organizaciones agrarias se reunirán el viernes con el ministro.', 1 << FRIDAY],
    ['es', 'Volverán a reunirse el miércoles en Madrid.', 1 << WEDNESDAY],
    ['es', 'El Gobierno va a aprobar el martes la ley.', 1 << TUESDAY],
    ['es', 'El texto debe votarse el jueves.', 1 << THURSDAY],
    ['es', 'La ley regirá a partir del lunes.', 1 << MONDAY],
    ['es', 'El pleno se votará el próximo sábado.', 1 << SATURDAY],
    ['fr', 'Le conseil se réunit le prochain samedi du mois.', 1 << SATURDAY],
    ['es', 'Las Cortes abren el periodo de sesiones el próximo martes.', 1 << TUESDAY],
    ['es', 'Los agricultores vuelven a las calles el jueves próximo.', 1 << THURSDAY],
    // "prochain" / "próximo" a few words before the day modifies a noun, not the day: the day dates what the noun did.
    ['fr', 'Le prochain gouvernement a annoncé mardi un plan d’économies.', 0],
    ['fr', 'La prochaine présidente a parlé lundi à Bruxelles.', 0],
    ['es', 'El próximo Gobierno anunció el martes un plan de ajuste.', 0],
    ['es', 'La próxima presidenta habló el lunes en Madrid.', 0],
    // "prochain" / "próximo" before a scheduled event's noun dates that event, as English "next match … on" does; so does
    // the plural before two days. "próximo pasado" is last.
    ['fr', 'La prochaine réunion a lieu jeudi à Bruxelles.', 1 << THURSDAY],
    ['fr', 'Prochain match samedi contre Lyon.', 1 << SATURDAY],
    ['fr', 'Les prochaines séances du Conseil sont fixées à mardi.', 1 << TUESDAY],
    ['fr', 'Les prochains lundi et mardi seront fériés.', (1 << MONDAY) | (1 << TUESDAY)],
    ['es', 'La próxima reunión es el jueves en Bruselas.', 1 << THURSDAY],
    ['es', 'Próximo partido el sábado ante el Betis.', 1 << SATURDAY],
    ['es', 'La próxima Cumbre Europea se celebra el martes.', 1 << TUESDAY],
    ['es', 'Los próximos lunes y martes habrá huelga.', (1 << MONDAY) | (1 << TUESDAY)],
    ['es', 'Las elecciones se celebraron el domingo próximo pasado.', 0],
    // One word may stand between "prochain" / "próximo" and the noun, and the noun may have a complement ("de …").
    ['fr', 'La prochaine grande réunion a lieu jeudi.', 1 << THURSDAY],
    ['es', 'La próxima sesión plenaria es el jueves.', 1 << THURSDAY],
    ['es', 'La próxima ronda de negociaciones se celebra el jueves.', 1 << THURSDAY],
    ['es', 'La próxima reunión ha de celebrarse el jueves.', 1 << THURSDAY],
    // A past form between the noun and the day dates what was done to the event, not the event; "conseil" / "consejo"
    // before a person name no fixture; a noun that is also a verb counts only right after "prochain" / "próximo".
    ['fr', 'Le tirage au sort du prochain tour a eu lieu lundi à Nyon.', 0],
    ['fr', 'La prochaine réunion a été annoncée mardi par la présidence.', 0],
    ['fr', 'Le prochain président du conseil a été élu mardi à Bruxelles.', 0],
    ['fr', 'Les députés ont fixé la prochaine séance et ont voté mardi le budget.', 0],
    ['es', 'El próximo presidente del Consejo fue elegido el martes en Bruselas.', 0],
    ['es', 'La próxima presidenta del Consejo dimitió el martes.', 0],
    ['es', 'La próxima ronda de negociaciones fue aplazada el lunes.', 0],
    ['es', 'La próxima sesión plenaria fue suspendida el lunes.', 0],
    ['es', 'La próxima cumbre ha sido aplazada el lunes.', 0],
    ['fr', 'Le prochain sommet s’est tenu lundi à Bruxelles.', 0],
    ['fr', 'Le prochain chancelier rencontre lundi Macron.', 0],
    ['es', 'El próximo ministro debate el martes con la oposición.', 0],
    ['fr', 'Le prochain tour a lieu dimanche.', 1 << SUNDAY],
    // English and German as well: a past form between the noun after "next" / "nächste" and the day dates what was done
    // ("was" / "has been" + participle, a simple past right after the noun; "wurde", "war", "hatte", a listed past, or
    // "ist" / "hat" with the participle closing the clause after the day); the present, the future and a plan keep it ahead.
    ['en', 'The next meeting was announced on Monday by the presidency.', 0],
    ['en', 'The next round of talks was postponed on Tuesday.', 0],
    ['en', 'The next session has been called off on Monday.', 0],
    ['en', 'The next round of talks began on Monday in Doha.', 0],
    ['en', 'The next round took place on Monday.', 0],
    ['en', 'Next Meeting Was Cancelled On Monday', 0],
    ['en', 'The next meeting is on Monday.', 1 << MONDAY],
    ['en', 'The next meeting will be held on Friday.', 1 << FRIDAY],
    ['en', 'The next round of talks will be held on Tuesday.', 1 << TUESDAY],
    ['en', 'Officials said the next meeting was on Monday.', 1 << MONDAY],
    ['en', 'The next meeting was scheduled on Monday.', 1 << MONDAY],
    ['en', 'Their next match at renovated Anfield on Saturday.', 1 << SATURDAY],
    ['en', 'Their next fight against Ahmed on Saturday.', 1 << SATURDAY],
    ['en', 'Their next game will proceed on Saturday.', 1 << SATURDAY],
    ['en', 'NEXT MATCH ON SATURDAY', 1 << SATURDAY],
    ['de', 'Die nächste Sitzung wurde am Montag abgesagt.', 0],
    ['de', 'Die nächste Verhandlungsrunde hatte am Montag begonnen.', 0],
    ['de', 'Die nächste Sitzung fand am Montag in Brüssel statt.', 0],
    ['de', 'Die nächste Sitzung ist am Montag abgesagt worden.', 0],
    ['de', 'Die nächste Verhandlungsrunde hat am Montag in Genf begonnen.', 0],
    ['de', 'Das nächste Spiel ist am Sonntag gescheitert, hieß es.', 0],
    ['de', 'Die nächste Sitzung ist am Montag.', 1 << MONDAY],
    ['de', 'Die nächste Sitzung findet am Freitag statt.', 1 << FRIDAY],
    ['de', 'Die nächste Sitzung wird am Montag stattfinden.', 1 << MONDAY],
    ['de', 'Die nächste Sitzung ist am Montag geplant.', 1 << MONDAY],
    ['de', 'Die nächste Runde ist am Montag gegen Bayern.', 1 << MONDAY],
    ['de', 'Die nächste Anhörung ist am Montag vor Gericht.', 1 << MONDAY],
    ['de', 'Das nächste Spiel ist am Sonntag zu gewinnen.', 1 << SUNDAY],
    ['de', 'Die nächste Sitzung am Montag wurde abgesagt.', 1 << MONDAY],
    ['de', 'Nächste Runde am Samstag', 1 << SATURDAY],
    // After "ist" / "sind", only "… worden" and a perfect formed with "sein" (gescheitert, geplatzt, ausgefallen, zu Ende
    // gegangen) are past; any other participle there is a state a preview names ("ist am Samstag gefordert").
    ['de', 'Die nächste Sitzung ist am Montag geplatzt.', 0],
    ['de', 'Die nächste Runde ist am Montag in Genf zu Ende gegangen.', 0],
    ['de', 'Im nächsten Spiel ist Bayern am Samstag in Dortmund gefordert.', 1 << SATURDAY],
    ['de', 'Beim nächsten Spiel ist Kane am Samstag gesperrt.', 1 << SATURDAY],
    ['de', 'Im nächsten Spiel ist Leverkusen am Sonntag klar favorisiert.', 1 << SUNDAY],
    ['de', 'Die nächste Etappe ist am Samstag für Autos gesperrt.', 1 << SATURDAY],
    ['de', 'Die nächste Sitzung ist am Montag abgesagt.', 1 << MONDAY],
    // A word in -ed right after the noun is a participle when a finite verb follows the day (a relative clause cut short).
    ['en', 'Their next match played on Saturday will decide the title.', 1 << SATURDAY],
    ['en', 'Their next game televised on Saturday is against Leeds.', 1 << SATURDAY],
    ['en', 'The next summit hosted by France on Monday will discuss trade.', 1 << MONDAY],
    ['en', 'The next summit hosted by France on Monday was a failure.', 0],
    ['en', 'The next match won’t be played on Saturday.', 1 << SATURDAY],
    // An adverb before the simple past; capitals (all-caps headlines) read as lower case.
    ['en', 'The next meeting finally took place on Monday.', 0],
    ['en', 'The next meeting also began on Monday.', 0],
    ['en', 'The next meeting has already been cancelled on Monday.', 0],
    ['en', 'THE NEXT MEETING WAS CANCELLED ON MONDAY', 0],
    // The future perfect names the day ahead; the past perfect and a simple past right after the noun still date what was
    // done.
    ['en', 'The next round will have ended on Monday.', 1 << MONDAY],
    ['en', 'The next match they’ll have played on Saturday.', 1 << SATURDAY],
    ['en', 'THE NEXT ROUND WILL HAVE ENDED ON MONDAY', 1 << MONDAY],
    // "confirmed" and "booked" after was/were/had/has date the confirmation, as "announced" does; with "for" the day is the
    // fixture's, ahead. German "bestätigt" alike.
    ['en', 'The next summit was confirmed on Monday.', 0],
    ['en', 'The next summit was announced on Monday.', 0],
    ['en', 'The next meeting has been confirmed on Monday.', 0],
    ['en', 'The next meetings were confirmed on Monday.', 0],
    ['en', 'The next summit had been confirmed on Monday.', 0],
    ['en', 'THE NEXT SUMMIT WAS CONFIRMED ON MONDAY', 0],
    ['en', 'Next match booked on Saturday.', 0],
    ['en', 'The next match was booked on Saturday.', 0],
    ['en', 'The next meeting was booked on Saturday after talks broke down.', 0],
    ['en', 'The next fight was confirmed on Monday for Saturday night.', 1 << SATURDAY],
    ['en', 'The next meeting has been confirmed for Monday.', 1 << MONDAY],
    ['en', 'The next summit was confirmed for Monday.', 1 << MONDAY],
    ['en', 'Next match booked for Saturday.', 1 << SATURDAY],
    ['en', 'The next round was scheduled for Monday.', 1 << MONDAY],
    ['en', 'THE NEXT FIGHT WAS CONFIRMED FOR SATURDAY', 1 << SATURDAY],
    ['de', 'Die nächste Sitzung wurde am Montag bestätigt.', 0],
    ['de', 'Die nächste Sitzung hat am Montag die Regierung bestätigt.', 0],
    ['de', 'Die nächste Sitzung wurde für Montag bestätigt.', 1 << MONDAY],
    ['de', 'Der nächste Kampf wurde am Montag für Samstag bestätigt.', 1 << SATURDAY],
    ['de', 'Das nächste Spiel ist für Samstag angesetzt.', 1 << SATURDAY],
    ['de', 'DIE NÄCHSTE SITZUNG WURDE FÜR MONTAG BESTÄTIGT', 1 << MONDAY],
    ['en', 'The next round had ended on Monday.', 0],
    ['en', 'The next round has ended on Monday.', 0],
    ['en', 'The next round ended on Monday.', 0],
    ['en', 'Next match cancelled on Saturday.', 0],
    ['en', 'The next meeting has been called off on Monday, officials will have said.', 0],
    ['en', 'THE NEXT ROUND BEGAN ON MONDAY', 0],
    ['en', 'THEIR NEXT MATCH PLAYED ON SATURDAY WILL DECIDE THE TITLE', 1 << SATURDAY],
    ['de', 'DIE NÄCHSTE SITZUNG WURDE AM MONTAG ABGESAGT', 0],
    ['de', 'DIE NÄCHSTE SITZUNG IST AM MONTAG ABGESAGT WORDEN.', 0],
    ['de', 'DIE NÄCHSTE SITZUNG IST AM MONTAG GEPLANT.', 1 << MONDAY],
    // The past and present date the report's own event, and so do names and nouns that end like a future ("Laura",
    // "Sandra", "Sierra", "ultra", "Teherán", "Beltrán"), a capitalised form mid-sentence, and "comme prévu" (as planned).
    ['fr', 'La Première ministre a engagé vendredi la responsabilité du gouvernement.', 0],
    ['fr', 'Le front a cédé mercredi près de Koupiansk.', 0],
    ['fr', 'Une tempête de sable sur le Sahara mercredi.', 0],
    ['fr', 'Laura Flessel a démissionné jeudi.', 0],
    ['fr', 'Sandra Muller condamnée mardi en appel.', 0],
    ['fr', 'Élections en Sierra Leone samedi.', 0],
    ['fr', 'Un ultra interpellé dimanche à Marseille.', 0],
    ['fr', 'Le ministre a démissionné jeudi.', 0],
    ['fr', 'Comme prévu mardi, le texte a été adopté.', 0],
    ['fr', 'Le texte a été adopté comme prévu mardi.', 0],
    ['fr', 'Le club de Sera a gagné samedi.', 0],
    ['es', 'El Congreso aprobó este viernes la reforma.', 0],
    ['es', 'Irán el sábado lanzó drones contra Israel.', 0],
    ['es', 'El país irá a las urnas el domingo.', 1 << SUNDAY],
    ['es', 'Ataque con drones contra Teherán el sábado.', 0],
    ['es', 'Beltrán dimitió el lunes.', 0],
    ['es', 'El ministro dimitió el lunes.', 0],
    ['es', 'Se debe a la lluvia del lunes.', 0],
  ])('%s: %s', (language, text, days) => {
    expect(fixtureOnlyWeekdays(text, language, notOwnDay)).toBe(days);
  });

  it('keeps a fixture clause naming the item`s own day as its date', () => {
    const ownDayIsFriday = (day: number): boolean => day === FRIDAY;
    expect(fixtureOnlyWeekdays('Im Halbfinale trifft er am Freitag auf Berlin.', 'de', ownDayIsFriday)).toBe(0);
  });

  it('reads no fixture clauses in a language without patterns', () => {
    expect(fixtureOnlyWeekdays('In semifinale affronterà venerdì il vincitore.', 'it', notOwnDay)).toBe(0);
  });
});

describe('a next match`s weekday against the result`s day', () => {
  // Wednesday 2026-10-14.
  const wire = feedItem({
    key: 'wire-kiel',
    title: 'Handball: Kiel erreicht Pokal-Halbfinale in Flensburg',
    summary:
      'Flensburg (wire) – Der THW Kiel steht im Halbfinale des DHB-Pokals. Die Kieler gewannen am Mittwoch das Nordderby bei der SG Flensburg-Handewitt mit 31:29 nach Verlängerung.',
    published: '2026-10-14T20:30:00Z',
  });

  async function placeAfterWire(lead: string) {
    const h = await harness([source('wire'), source('sport')]);
    const [a] = await h.poll('wire', [wire], '2026-10-14T20:35:00Z');
    const report = feedItem({
      key: 'sport-kiel',
      title: 'Kiel steht im Pokal-Halbfinale',
      summary: lead,
      published: '2026-10-14T21:00:00Z',
    });
    const [b] = await h.poll('sport', [report], '2026-10-14T21:05:00Z');
    return { a: a!, b: b! };
  }

  it('joins a result report whose only weekday is its next match`s', async () => {
    const { a, b } = await placeAfterWire(
      'Der THW Kiel hat das Nordderby in Flensburg mit 31:29 nach Verlängerung gewonnen und steht im Halbfinale des DHB-Pokals. Dort trifft er am Samstag auf die Füchse Berlin.',
    );
    expect(b.components['dayConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('joins a result report whose next match "ist am Samstag gefordert" (a state ahead, not a perfect)', async () => {
    const { a, b } = await placeAfterWire(
      'Der THW Kiel hat das Nordderby in Flensburg mit 31:29 nach Verlängerung gewonnen und steht im Halbfinale des DHB-Pokals. Im nächsten Spiel ist Kiel am Samstag in Berlin gefordert.',
    );
    expect(b.components['dayConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('still keeps apart a report that dates its own match another day', async () => {
    const { a, b } = await placeAfterWire(
      'Der THW Kiel hat am Dienstag das Nordderby in Flensburg mit 31:29 nach Verlängerung gewonnen und steht im Halbfinale des DHB-Pokals. Dort trifft er am Samstag auf die Füchse Berlin.',
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.dayConflict']).toBe(true);
  });
});

describe('two sides whose only weekdays name what comes next', () => {
  // Both sides' days name fixtures, so they are compared as dates are: two days' previews, two draws.
  async function placeBoth(first: { lead: string; published: string }, second: { lead: string; published: string }, title: string) {
    const h = await harness([source('wire'), source('sport')]);
    const [a] = await h.poll('wire', [feedItem({ key: 'first', title, summary: first.lead, published: first.published })], first.published);
    const [b] = await h.poll(
      'sport',
      [feedItem({ key: 'second', title, summary: second.lead, published: second.published })],
      second.published,
    );
    return { a: a!, b: b! };
  }

  it('keeps apart two previews of one club`s matches on other days', async () => {
    // Monday 2026-10-12, an hour apart: one previews Wednesday's cup tie, the other Sunday's league match.
    const lead = (day: string, competition: string): string =>
      `Der THW Kiel trifft am ${day} ${competition} auf die SG Flensburg-Handewitt. Trainer Filip Jicha muss im Nordderby auf zwei verletzte Rückraumspieler verzichten.`;
    const { a, b } = await placeBoth(
      { lead: lead('Mittwoch', 'im DHB-Pokal'), published: '2026-10-12T09:00:00Z' },
      { lead: lead('Sonntag', 'in der Bundesliga'), published: '2026-10-12T10:00:00Z' },
      'THW Kiel vor dem Nordderby gegen Flensburg',
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.dayConflict']).toBe(true);
  });

  it('keeps apart two draws that each name the next one`s day', async () => {
    // Wednesday 2026-10-14 and Saturday 2026-10-17, 71 hours apart.
    const lead = (day: string): string =>
      `Auch bei der jüngsten Ziehung der Lottozahlen hat niemand sechs Richtige und die Superzahl getippt. Bei der nächsten Ziehung am ${day} liegen rund zwölf Millionen Euro im Jackpot.`;
    const { a, b } = await placeBoth(
      { lead: lead('Samstag'), published: '2026-10-14T19:00:00Z' },
      { lead: lead('Mittwoch'), published: '2026-10-17T18:00:00Z' },
      'Lotto: Keiner knackt den Jackpot',
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.dayConflict']).toBe(true);
  });

  it('reads a next leader`s weekday as the day of what he did', async () => {
    // Tuesday 2026-10-13: Monday's vow against Sunday's, two days' reports.
    const h = await harness([source('wire', { language: 'en' }), source('paper', { language: 'en' })]);
    const [a] = await h.poll(
      'wire',
      [
        feedItem({
          key: 'wire-japan',
          title: 'Japan leader vows to raise defence spending',
          summary:
            "Tokyo (wire) - Japan's next prime minister on Monday vowed to raise defence spending to two percent of output and to keep talks with Beijing open.",
          published: '2026-10-13T06:00:00Z',
        }),
      ],
      '2026-10-13T06:05:00Z',
    );
    const [b] = await h.poll(
      'paper',
      [
        feedItem({
          key: 'paper-japan',
          title: 'Japan leader vows to raise defence spending',
          summary:
            "Tokyo - Japan's prime minister-elect on Sunday vowed to raise defence spending to two percent of output and to keep talks with Beijing open.",
          published: '2026-10-13T07:00:00Z',
        }),
      ],
      '2026-10-13T07:05:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.dayConflict']).toBe(true);
  });

  // Tuesday 2026-10-13: Monday's programme against Sunday's, two days' reports. Read as "prochain … lundi" / "próximo …
  // el lunes", the first report's Monday would be a day ahead, dating nothing, and the two would join.
  it.each([
    [
      'fr',
      'Le programme du prochain gouvernement',
      'Le prochain gouvernement a présenté lundi son programme : baisse des impôts sur le travail et réforme des retraites.',
      'Le futur gouvernement a présenté dimanche son programme : baisse des impôts sur le travail et réforme des retraites.',
    ],
    [
      'es',
      'El programa del próximo Gobierno',
      'El próximo Gobierno presentó el lunes su programa: rebaja de impuestos al trabajo y reforma de las pensiones.',
      'El futuro Gobierno presentó el domingo su programa: rebaja de impuestos al trabajo y reforma de las pensiones.',
    ],
  ])('reads a %s next government`s weekday as the day of what it did', async (language, title, first, second) => {
    const h = await harness([source('wire', { language }), source('paper', { language })]);
    const [a] = await h.poll(
      'wire',
      [feedItem({ key: 'first', title, summary: first, published: '2026-10-13T06:00:00Z' })],
      '2026-10-13T06:05:00Z',
    );
    const [b] = await h.poll(
      'paper',
      [feedItem({ key: 'second', title, summary: second, published: '2026-10-13T07:00:00Z' })],
      '2026-10-13T07:05:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.dayConflict']).toBe(true);
  });
});

describe('a meeting ahead named by its noun', () => {
  // Monday 2026-10-12, 40 minutes apart: EU-Mercosur talks ended without a deal. The next meeting's Thursday is a day ahead,
  // not the day of the first report's event; read as its own day, it set the report at odds with the other's Monday.
  it('joins a report ending "La próxima reunión es el jueves" and one dated Monday (Spanish)', async () => {
    const h = await harness([source('wire', { language: 'es' }), source('paper', { language: 'es' })]);
    const [a] = await h.poll(
      'wire',
      [
        feedItem({
          key: 'wire-mercosur',
          title: 'La UE y Mercosur terminan sin acuerdo la ronda de negociaciones',
          summary:
            'Los negociadores de la Unión Europea y de Mercosur terminaron sin acuerdo la ronda de negociaciones sobre el tratado comercial: las cuotas agrícolas y las garantías ambientales siguen bloqueando el pacto. La próxima reunión es el jueves.',
          published: '2026-10-12T15:00:00Z',
        }),
      ],
      '2026-10-12T15:05:00Z',
    );
    const [b] = await h.poll(
      'paper',
      [
        feedItem({
          key: 'paper-mercosur',
          title: 'UE y Mercosur, sin acuerdo tras la ronda de negociaciones',
          summary:
            'Los negociadores de la Unión Europea y de Mercosur se levantaron el lunes de la mesa sin acuerdo sobre el tratado comercial: las cuotas agrícolas y las garantías ambientales siguen bloqueando el pacto.',
          published: '2026-10-12T15:40:00Z',
        }),
      ],
      '2026-10-12T15:45:00Z',
    );
    expect(b!.components['nearest.dayConflict']).not.toBe(true);
    expect(b!.storyId).toBe(a!.storyId);
  });
});

describe('a meeting`s weekday dates the meeting', () => {
  // Sunday 2026-10-11, an hour apart: one outlet announces Monday's meeting, the other reports Saturday's. Were "treffen
  // sich am Montag" / "will meet on Monday" read as a fixture, nothing would date the first report and the two would join.
  async function placeTwo(language: 'de' | 'en', first: string, second: string, title: string) {
    const h = await harness([source('wire', { language }), source('paper', { language })]);
    const [a] = await h.poll(
      'wire',
      [feedItem({ key: 'first', title, summary: first, published: '2026-10-11T09:00:00Z' })],
      '2026-10-11T09:05:00Z',
    );
    const [b] = await h.poll(
      'paper',
      [feedItem({ key: 'second', title, summary: second, published: '2026-10-11T10:00:00Z' })],
      '2026-10-11T10:05:00Z',
    );
    return { a: a!, b: b! };
  }

  it('keeps apart Monday`s announced meeting and Saturday`s (German, reflexive "treffen sich")', async () => {
    const { a, b } = await placeTwo(
      'de',
      'Die Außenminister der EU treffen sich am Montag in Brüssel, um über neue Sanktionen gegen Russland und Hilfen für die Ukraine zu beraten.',
      'Die Außenminister der EU kamen am Samstag in Brüssel zusammen, um über neue Sanktionen gegen Russland und Hilfen für die Ukraine zu beraten.',
      'EU-Außenminister beraten über Sanktionen gegen Russland',
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.dayConflict']).toBe(true);
  });

  it('keeps apart Monday`s announced meeting and Saturday`s (English, "will meet on")', async () => {
    const { a, b } = await placeTwo(
      'en',
      'EU foreign ministers will meet on Monday in Brussels to discuss new sanctions against Russia and more aid for Ukraine.',
      'EU foreign ministers met on Saturday in Brussels to discuss new sanctions against Russia and more aid for Ukraine.',
      'EU foreign ministers discuss sanctions against Russia',
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.dayConflict']).toBe(true);
  });
});

describe('a past report of a meeting named by its noun', () => {
  // Wednesday 2026-10-14, 40 minutes apart, the same title: Monday's suspended sitting and Wednesday's postponed vote, two
  // days' events. "fue suspendida el lunes" dates what was done; read as the next sitting's day ahead, the Monday dated
  // nothing and the two joined.
  it('keeps apart "La próxima sesión plenaria fue suspendida el lunes" and a report dated Wednesday (Spanish)', async () => {
    const h = await harness([source('wire', { language: 'es' }), source('paper', { language: 'es' })]);
    const title = 'El Congreso aplaza la votación de los presupuestos';
    const [a] = await h.poll(
      'wire',
      [
        feedItem({
          key: 'wire-congreso',
          title,
          summary:
            'La próxima sesión plenaria fue suspendida el lunes: la Mesa del Congreso aplaza la votación de los presupuestos generales por falta de apoyos en la Cámara.',
          published: '2026-10-14T09:00:00Z',
        }),
      ],
      '2026-10-14T09:05:00Z',
    );
    const [b] = await h.poll(
      'paper',
      [
        feedItem({
          key: 'paper-congreso',
          title,
          summary: 'La Mesa del Congreso aplazó este miércoles la votación de los presupuestos generales por falta de apoyos en la Cámara.',
          published: '2026-10-14T09:40:00Z',
        }),
      ],
      '2026-10-14T09:45:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.dayConflict']).toBe(true);
  });

  // The same, in English and German: Monday's cancelled sitting and Wednesday's postponed vote. Read as the next
  // sitting's day ahead, "was cancelled on Monday" / "wurde am Montag abgesagt" dated nothing and the two joined.
  it.each([
    [
      'en',
      'Parliament delays the budget vote',
      'The next plenary session was cancelled on Monday: the speaker delays the vote on the budget for lack of support in the chamber.',
      'The speaker on Wednesday delayed the vote on the budget for lack of support in the chamber.',
    ],
    [
      'de',
      'Bundestag vertagt Abstimmung über den Haushalt',
      'Die nächste Plenarsitzung wurde am Montag abgesagt: Das Präsidium vertagt die Abstimmung über den Haushalt mangels Mehrheit im Parlament.',
      'Das Präsidium vertagte am Mittwoch die Abstimmung über den Haushalt mangels Mehrheit im Parlament.',
    ],
  ])(
    'keeps apart a %s report whose next sitting was cancelled on Monday and one dated Wednesday',
    async (language, title, first, second) => {
      const h = await harness([source('wire', { language }), source('paper', { language })]);
      const [a] = await h.poll(
        'wire',
        [feedItem({ key: 'wire-budget', title, summary: first, published: '2026-10-14T09:00:00Z' })],
        '2026-10-14T09:05:00Z',
      );
      const [b] = await h.poll(
        'paper',
        [feedItem({ key: 'paper-budget', title, summary: second, published: '2026-10-14T09:40:00Z' })],
        '2026-10-14T09:45:00Z',
      );
      expect(b!.storyId).not.toBe(a!.storyId);
      expect(b!.components['nearest.dayConflict']).toBe(true);
    },
  );
});
