// Another outlet's report of one event in its own words (a retelling, score-story.ts `retellingScore`) joins the story
// even when its whole text shares only about a third of the information; the same day's report of another event of the
// same kind (another exchange's close) does not, though it is told in the same words: its lead's figures all differ.
// Through the real ingest + placement path, in an empty and a populated window.
import { describe, expect, it } from 'vitest';
import { headlineFiguresShared, retellingScore, SCORE_SETTINGS, storyFacts } from '../../src/dedup/score-story.js';
import { termsOnlyFeatures } from '../support/terms-only-features.js';
import type { FeedItem } from '../../src/model.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { feedItem, harness, source } from './dedup-harness.js';

// Written for this test: one signal failure told by two outlets, each in its own words.
const signalAgency: FeedItem = feedItem({
  key: 'a-stellwerk',
  title: 'Stellwerksstörung: Kein Zugverkehr zwischen Mannheim und Heidelberg',
  summary:
    'Wegen einer Störung im Stellwerk Friedrichsfeld fahren seit dem frühen Morgen keine Züge zwischen Mannheim und Heidelberg. Betroffen sind S-Bahnen und Regionalzüge, die Bahn richtet einen Ersatzverkehr mit Bussen ein. Wann die Strecke wieder frei ist, ist offen.',
  published: '2026-02-05T06:40:00Z',
});
const signalBroadcaster: FeedItem = feedItem({
  key: 'b-stellwerk',
  title: 'Pendler in der Kurpfalz stranden am Morgen',
  summary:
    'Nichts geht mehr auf der Strecke zwischen Heidelberg und Mannheim: Ein defektes Stellwerk in Friedrichsfeld legt den Nahverkehr lahm. Fahrgäste müssen mit langen Wartezeiten rechnen, die Bahn bittet um Geduld.',
  published: '2026-02-05T07:25:00Z',
});

// Two exchanges' closes on one afternoon, told by two outlets in the words every close report uses.
const closeVienna: FeedItem = feedItem({
  key: 'a-atx',
  title: 'Wiener Börse schließt mit Abschlägen',
  summary:
    'Die Wiener Börse hat am Mittwoch leichter geschlossen. Der Leitindex ATX verlor 0,8 Prozent auf 4.312 Punkte. Unter Druck standen vor allem Bankwerte und Versorger, die Anleger warteten auf neue Konjunkturdaten aus den USA.',
  published: '2026-02-04T16:10:00Z',
});
const closeWarsaw: FeedItem = feedItem({
  key: 'b-wig',
  title: 'Börse Warschau: Banken belasten den WIG20',
  summary:
    'Schwache Bankwerte haben den polnischen Aktienmarkt am Mittwoch ins Minus gedrückt. Der Leitindex WIG20 gab 1,2 Prozent auf 2.405 Zähler nach, PKO BP verlor 2,3 Prozent. Vor neuen Konjunkturdaten aus den USA hielten sich die Anleger zurück.',
  published: '2026-02-04T16:40:00Z',
});

// Written for this test: one tram accident told by two outlets at length, each lead mostly its own description.
const tramAgency: FeedItem = feedItem({
  key: 'a-tram',
  title: 'Straßenbahn entgleist in Graz: Zwölf Verletzte',
  summary:
    'In Graz ist am Dienstagmorgen eine Straßenbahn der Linie 7 am Jakominiplatz entgleist und gegen einen Lieferwagen geprallt. Zwölf Fahrgäste wurden verletzt, zwei von ihnen schwer. Die Feuerwehr befreite den Fahrer des Lieferwagens aus seinem Fahrzeug. Die Holding Graz kündigte eine Untersuchung an, der Verkehr in der Innenstadt wird über Stunden umgeleitet. Die Linie verbindet Wetzelsdorf mit St. Leonhard und gehört zu den meistgenutzten Strecken der Stadt; erst im Herbst waren die Gleise am Platz erneuert worden.',
  published: '2026-02-10T07:10:00Z',
});
const tramBroadcaster: FeedItem = feedItem({
  key: 'b-tram',
  title: 'Schrecken am Morgen mitten in der steirischen Landeshauptstadt',
  summary:
    'Lautes Krachen, Glassplitter, schreiende Menschen: Kurz nach sieben Uhr sprang eine Garnitur der Linie 7 am Grazer Jakominiplatz aus den Schienen und rammte einen Lieferwagen. Zwölf Fahrgäste mussten ins Krankenhaus, die Feuerwehr schnitt den eingeklemmten Lenker frei. Passanten berichten von chaotischen Szenen, die Holding Graz will den Unfallhergang nun genau prüfen lassen. Ein Augenzeuge schildert, die Garnitur sei ungewöhnlich schnell in die Kurve gefahren; bestätigt ist das bislang nicht.',
  published: '2026-02-10T08:05:00Z',
});

// Written for this test: one minister's plan told by two outlets, no place in it: the names and facts carry it.
const phonesAgency: FeedItem = feedItem({
  key: 'a-handy',
  title: 'Prien will private Handys an Grundschulen verbieten',
  summary:
    'Bundesbildungsministerin Karin Prien dringt auf ein bundesweites Verbot privater Smartphones an Grundschulen. Die CDU-Politikerin kündigte an, mit den Kultusministern der Länder bis zum Sommer eine gemeinsame Empfehlung zu erarbeiten. Kinder ohne Handy im Unterricht lernten nachweislich konzentrierter, sagte Prien. Lehrerverbände begrüßten den Vorstoß grundsätzlich, warnten aber vor zusätzlicher Bürokratie für die Schulen.',
  published: '2026-03-03T09:20:00Z',
});
const phonesBroadcaster: FeedItem = feedItem({
  key: 'b-handy',
  title: 'Schluss mit dem Smartphone im Klassenzimmer?',
  summary:
    'Die Bildungsministerin macht Ernst: Karin Prien möchte, dass Grundschüler ihre Geräte künftig zu Hause lassen. Gemeinsam mit den Kultusministern will sie den Ländern eine Empfehlung vorlegen. Eltern reagieren gespalten, viele fürchten, ihre Kinder auf dem Schulweg nicht mehr erreichen zu können. Der Philologenverband spricht von Symbolpolitik, Elternvertreter wünschen sich klare Regeln statt Appellen. Ausnahmen soll es für den Unterricht mit Tablets geben, auch Notfälle will die Ministerin bedenken. Wie streng kontrolliert werden soll, bleibt vorerst offen; Schulleiter rechnen mit Widerstand älterer Schüler.',
  published: '2026-03-03T11:05:00Z',
});
// The same minister the same day on another subject, in the same kind of words.
const renovationBroadcaster: FeedItem = feedItem({
  key: 'b-sanierung',
  title: 'Milliarden für marode Schulgebäude',
  summary:
    'Bildungsministerin Karin Prien will den Ländern beim Sanieren maroder Schulen helfen. Mit den Kultusministern verhandelt sie über ein Programm von vier Milliarden Euro für Dächer, Toiletten und Turnhallen. Die Kommunen fordern deutlich mehr Geld.',
  published: '2026-03-03T12:30:00Z',
});

// Written for this test: one mudslide told briefly by two outlets; they share the town, the mudslide and two facts, no more.
const mudslideAgency: FeedItem = feedItem({
  key: 'a-mure',
  title: 'Mure verschüttet Bundesstraße im Allgäu',
  summary:
    'Nach heftigen Gewittern hat eine Mure am Montagabend die B19 bei Sonthofen auf einer Länge von 80 Metern verschüttet. Verletzt wurde niemand, die Aufräumarbeiten dauern laut Straßenbauamt bis Mittwoch.',
  published: '2026-06-08T19:40:00Z',
});
const mudslideBroadcaster: FeedItem = feedItem({
  key: 'b-mure',
  title: 'Unwetter: Mure reißt Auto fast mit',
  summary:
    'Knapp entkommen ist ein Urlauberpaar nach den Gewittern bei Sonthofen: Sekunden nachdem sein Wagen die Stelle passiert hatte, donnerten Schlamm und Geröll auf die Fahrbahn. Die Verbindung bleibt bis mindestens Mittwoch gesperrt, eine Umleitung ist eingerichtet.',
  published: '2026-06-08T21:05:00Z',
});
// The same town that evening, another event told with the same kind of words.
const hailBroadcaster: FeedItem = feedItem({
  key: 'b-hagel',
  title: 'Hagel zerstört Obsternte',
  summary:
    'Tennisballgroße Hagelkörner haben am Montagabend rund um Sonthofen Obstbäume und Gemüsefelder verwüstet. Die Bauern schätzen den Schaden auf mehrere hunderttausend Euro, die Landwirtschaftskammer will bis Mittwoch helfen.',
  published: '2026-06-08T21:30:00Z',
});

// Written for this test: one month's labour market told by two outlets; no place, one name, its own figure in both leads.
const jobsAgency: FeedItem = feedItem({
  key: 'a-arbeitsmarkt',
  title: 'Arbeitsmarkt: Frühjahrsbelebung fällt schwach aus',
  summary:
    'Die Zahl der Arbeitslosen ist im Mai nur leicht auf 2,94 Millionen gesunken, teilte die Bundesagentur für Arbeit mit. Ökonomen verweisen auf die schwache Konjunktur und die Zurückhaltung der Industrie bei Neueinstellungen.',
  published: '2026-06-02T08:05:00Z',
});
const jobsBroadcaster: FeedItem = feedItem({
  key: 'b-arbeitsmarkt',
  title: 'Weniger Arbeitslose, aber kaum Schwung',
  summary:
    'Im Mai waren 2,94 Millionen Menschen ohne Job. Die Arbeitsagentur nennt den Rückgang enttäuschend, weil die Industrie kaum noch Personal einstellt.',
  published: '2026-06-02T09:30:00Z',
});

async function setUp(populated: boolean, until: string) {
  const h = await harness([source('a'), source('b'), ...BACKGROUND_SOURCES]);
  if (populated) await fillWindow(h, until);
  return h;
}

describe('retellings', () => {
  it.each([false, true])("join another outlet's report of one event in its own words (populated window: %s)", async (populated) => {
    const h = await setUp(populated, '2026-02-05T06:00:00Z');
    const [a] = await h.poll('a', [signalAgency], '2026-02-05T06:40:00Z');
    const [b] = await h.poll('b', [signalBroadcaster], '2026-02-05T07:25:00Z');
    expect(b!.storyId).toBe(a!.storyId);
    expect(b!.components['retelling']).toBe(true);
  });

  it.each([false, true])(
    "keep the same day's close of another exchange apart: its figures all differ (populated window: %s)",
    async (populated) => {
      const h = await setUp(populated, '2026-02-04T16:00:00Z');
      const [a] = await h.poll('a', [closeVienna], '2026-02-04T16:10:00Z');
      const [b] = await h.poll('b', [closeWarsaw], '2026-02-04T16:40:00Z');
      expect(b!.storyId).not.toBe(a!.storyId);
      expect(b!.components['nearest.retelling']).toBe(false);
    },
  );

  it.each([false, true])(
    'join a retelling whose long leads share little of their wording but several of its names and facts (populated window: %s)',
    async (populated) => {
      const h = await setUp(populated, '2026-02-10T06:00:00Z');
      const [a] = await h.poll('a', [tramAgency], '2026-02-10T07:10:00Z');
      const [b] = await h.poll('b', [tramBroadcaster], '2026-02-10T08:05:00Z');
      expect(b!.storyId).toBe(a!.storyId);
      expect(b!.components['retelling']).toBe(true);
    },
  );

  // In a populated window the pair's whole texts score under the retelling floor: two names (rare words of nameBits each)
  // make it a strong retelling, as a shared place would.
  it.each([false, true])(
    "join a retelling that names no place: two of the event's names and its facts carry it (populated window: %s)",
    async (populated) => {
      const h = await setUp(populated, '2026-03-03T09:00:00Z');
      const [a] = await h.poll('a', [phonesAgency], '2026-03-03T09:20:00Z');
      const [b] = await h.poll('b', [phonesBroadcaster], '2026-03-03T11:05:00Z');
      expect(b!.storyId).toBe(a!.storyId);
      expect(b!.components['retelling']).toBe(true);
      // The same minister's other plan, told with her names and office, is another story.
      const [c] = await h.poll('b', [renovationBroadcaster], '2026-03-03T12:30:00Z');
      expect(c!.storyId).not.toBe(a!.storyId);
    },
  );

  // Four shared words, the town among them and "Mure" in both headlines: too few for a strong retelling by names.
  it.each([false, true])(
    'join a short retelling that shares the place, a headline word and two facts (populated window: %s)',
    async (populated) => {
      const h = await setUp(populated, '2026-06-08T19:00:00Z');
      const [a] = await h.poll('a', [mudslideAgency], '2026-06-08T19:40:00Z');
      const [b] = await h.poll('b', [mudslideBroadcaster], '2026-06-08T21:05:00Z');
      expect(b!.storyId).toBe(a!.storyId);
      expect(b!.components['retelling']).toBe(true);
      const [c] = await h.poll('b', [hailBroadcaster], '2026-06-08T21:30:00Z');
      expect(c!.storyId).not.toBe(a!.storyId);
    },
  );

  // No place and one name: the month's own figure, given by both, anchors the retelling as a place would.
  it.each([false, true])("join a retelling that shares the event's own figure (populated window: %s)", async (populated) => {
    const h = await setUp(populated, '2026-06-02T07:00:00Z');
    const [a] = await h.poll('a', [jobsAgency], '2026-06-02T08:05:00Z');
    const [b] = await h.poll('b', [jobsBroadcaster], '2026-06-02T09:30:00Z');
    expect(b!.storyId).toBe(a!.storyId);
    expect(b!.components['retelling']).toBe(true);
  });

  it("joins a retelling told late in the evening: an outlet's own account within a day of the story", async () => {
    const h = await setUp(true, '2026-02-10T06:00:00Z');
    const [a] = await h.poll('a', [tramAgency], '2026-02-10T07:10:00Z');
    // The evening's summary of the day: the same accident, told anew.
    const lateEvening = feedItem({
      key: 'b-tram-evening',
      title: 'Zwölf Verletzte bei Straßenbahnunfall in Graz',
      summary:
        'Am Grazer Jakominiplatz ist am Morgen eine Straßenbahn der Linie 7 entgleist und gegen einen Lieferwagen gekracht. Zwölf Fahrgäste wurden verletzt, die Feuerwehr befreite den eingeklemmten Fahrer. Die Holding Graz prüft den Unfallhergang.',
      published: '2026-02-10T23:40:00Z',
    });
    const [b] = await h.poll('b', [lateEvening], '2026-02-10T23:40:00Z');
    expect(b!.components['hoursApart']).toBeGreaterThan(12);
    expect(b!.storyId).toBe(a!.storyId);
    expect(b!.components['retelling']).toBe(true);
  });

  it("count a retelling sharing 0.3 of the information as even, unless the leads' figures all differ or one name is all it shares", () => {
    // In calibration-de, same-event retellings of other outlets within 12 h scored 0.26–0.5 on their whole texts; the two
    // different-event pairs among them were told apart by a place and by their figures, not by their score.
    const evidence = {
      score: SCORE_SETTINGS.retellingEven,
      allScore: SCORE_SETTINGS.retellingEven,
      allSharedWords: 6,
      allInformativeWords: 2,
      allAnchoredInformativeWords: 2,
      allExcessBits: 20,
      allTellingWords: 2,
      allPlaces: 1,
      allNames: 0,
      allHeadlineWords: 0,
      allHeadlineAnchors: 0,
      allFigures: 0,
    };
    expect(SCORE_SETTINGS.retellingEven).toBeLessThanOrEqual(0.3);
    expect(retellingScore(evidence, 1, true, 'other', false)).toEqual({ score: 0.5, retelling: true });
    expect(retellingScore(evidence, 1, true, 'other', true)).toEqual({ score: evidence.score, retelling: false });
    expect(retellingScore(evidence, 1, true, 'same', false).retelling).toBe(false);
    // Six shared words with one name among them is what unrelated texts share by chance (the null model's false merges).
    expect(retellingScore({ ...evidence, allInformativeWords: 1 }, 1, true, 'other', false).retelling).toBe(false);
    // Many bits beyond chance spread over several telling words make a strong retelling: 0.2 then counts as even.
    const strong = { ...evidence, score: 0.2, allScore: 0.2, allExcessBits: 40, allTellingWords: 4, allPlaces: 1 };
    expect(SCORE_SETTINGS.retellingStrongEven).toBeLessThanOrEqual(0.2);
    expect(retellingScore(strong, 1, true, 'other', false).score).toBeGreaterThanOrEqual(0.5);
    // As many bits from two or three rare words are what an unrelated text shares by chance: not even a retelling below the floor.
    expect(retellingScore({ ...strong, allTellingWords: 3 }, 1, true, 'other', false)).toEqual({ score: 0.2, retelling: false });
    expect(retellingScore({ ...strong, allExcessBits: 30 }, 1, true, 'other', false)).toEqual({ score: 0.2, retelling: false });
    // Two names (words of nameBits each) count as the place does; one does not. A strong retelling needs five shared
    // words, not the six of a retelling.
    const named = { ...strong, allPlaces: 0, allNames: 2, allSharedWords: 5 };
    expect(retellingScore(named, 1, true, 'other', false).score).toBeGreaterThanOrEqual(0.5);
    expect(retellingScore({ ...named, allNames: 1 }, 1, true, 'other', false)).toEqual({ score: 0.2, retelling: false });
    expect(retellingScore({ ...strong, allSharedWords: 5, allNames: 0 }, 1, true, 'other', false).retelling).toBe(true);
    expect(retellingScore({ ...named, allSharedWords: 4 }, 1, true, 'other', false)).toEqual({ score: 0.2, retelling: false });
    // With the place and a telling word in both headlines, four shared words suffice; the place alone, or the headlines
    // alone, do not (an unrelated lead holds a place-like word and a few rare ones by chance: headline-found-by-chance).
    const placed = { ...strong, allSharedWords: 4, allHeadlineWords: 1 };
    expect(retellingScore(placed, 1, true, 'other', false).score).toBeGreaterThanOrEqual(0.5);
    expect(retellingScore({ ...placed, allHeadlineWords: 0 }, 1, true, 'other', false).retelling).toBe(false);
    // …and only within 12 hours: the next day's story of the same place and thing shares as much.
    expect(retellingScore(placed, 13, true, 'other', false).retelling).toBe(false);
    expect(retellingScore({ ...placed, allPlaces: 0, allNames: 2 }, 1, true, 'other', false).retelling).toBe(false);
    // Two words of 6 bits or more in both headlines anchor it as the place does, four shared words sufficing, within 12 hours.
    const headlined = { ...strong, allPlaces: 0, allNames: 0, allSharedWords: 4, allHeadlineWords: 2, allHeadlineAnchors: 2 };
    expect(retellingScore(headlined, 1, true, 'other', false).score).toBeGreaterThanOrEqual(0.5);
    expect(retellingScore({ ...headlined, allHeadlineAnchors: 1 }, 1, true, 'other', false).retelling).toBe(false);
    expect(retellingScore(headlined, 13, true, 'other', false).retelling).toBe(false);
    // A shared precise figure anchors a strong retelling as a place does.
    const figured = { ...strong, allPlaces: 0, allNames: 1, allFigures: 1, allSharedWords: 5 };
    expect(retellingScore(figured, 1, true, 'other', false).score).toBeGreaterThanOrEqual(0.5);
    expect(retellingScore({ ...figured, allFigures: 0 }, 1, true, 'other', false).retelling).toBe(false);
    // …and so, backed by a telling word in both headlines, with four shared words, within 12 hours ("25.650 Punkte: Dax
    // schließt …" / "Dax springt auf Rekordhoch" over "… 25.650 Punkte").
    const figuredHeadlined = { ...figured, allNames: 0, allSharedWords: 4, allHeadlineWords: 1 };
    expect(retellingScore(figuredHeadlined, 1, true, 'other', false).score).toBeGreaterThanOrEqual(0.5);
    expect(retellingScore({ ...figuredHeadlined, allHeadlineWords: 0 }, 1, true, 'other', false).retelling).toBe(false);
    expect(retellingScore(figuredHeadlined, 13, true, 'other', false).retelling).toBe(false);
    // Another outlet's lead listing the same drawn numbers within 12 hours tells the same draw, however few words it shares
    // (recurring-figures.ts); not the same feed's next report, nor the next day's.
    const drawn = { ...evidence, score: 0.44, allScore: 0.44, allSharedWords: 3, allInformativeWords: 1, allPlaces: 0 };
    expect(retellingScore(drawn, 1, true, 'other', false)).toEqual({ score: 0.44, retelling: false });
    expect(retellingScore(drawn, 1, true, 'other', false, true).score).toBeGreaterThanOrEqual(0.5);
    expect(retellingScore(drawn, 1, true, 'other', false, true).retelling).toBe(true);
    expect(retellingScore(drawn, 13, true, 'other', false, true).retelling).toBe(false);
    expect(retellingScore(drawn, 1, true, 'same', false, true).retelling).toBe(false);
    // A headline's figure the other side gives counts as one informative word ("Deutschlandticket kostet ab 2027 68 Euro" /
    // "Deutschlandticket wird teurer" over "… 68 statt 63 Euro"); two such figures count as one, not as the two needed.
    const oneName = { ...evidence, allInformativeWords: 1 };
    expect(retellingScore(oneName, 1, true, 'other', false).retelling).toBe(false);
    expect(retellingScore(oneName, 1, true, 'other', false, false, 1)).toEqual({ score: 0.5, retelling: true });
    expect(retellingScore({ ...oneName, allInformativeWords: 0 }, 1, true, 'other', false, false, 2).retelling).toBe(false);
    expect(retellingScore({ ...strong, allSharedWords: 5 }, 1, true, 'update', false).retelling).toBe(false);
    // A wire's own update is never a strong retelling: it tells each day's events of one kind in the same words.
    expect(retellingScore(strong, 1, true, 'update', false)).toEqual({ score: 0.2, retelling: false });
  });

  it.each([
    // The story's headline figure in the item's lead, and the item's in the story's lead.
    [['68'], ['68', '63'], ['2027'], ['1', '5'], 0],
    [[], ['68', '63'], ['68'], ['1', '5'], 1],
    [['68'], [], ['2027'], ['68', '5'], 1],
    // A whole figure the other side gives with its decimals is the same figure ("49 Grad" / "49,2 Grad").
    [['49'], [], [], ['49.2'], 1],
    // Years and single digits (a count of two or three) are any day's.
    [['2027', '3'], [], [], ['2027', '3'], 0],
  ])('counts headline figures the other side gives (item %j lead %j, story %j lead %j): %i', (title, lead, storyTitle, storyLead, n) => {
    const item = { ...termsOnlyFeatures(1, ['a']), titleNumbers: title, leadNumbers: lead };
    const member = { ...termsOnlyFeatures(2, ['a']), titleNumbers: storyTitle, leadNumbers: storyLead };
    expect(headlineFiguresShared(item, storyFacts([member], 1))).toBe(n);
  });
});
