// Weekdays a report names for a later fixture or meeting, not for its own event: a result report's "Im Halbfinale trifft
// er am Freitag auf …", "Weiter geht es am Sonntag in Neu-Ulm", "bei der nächsten Ziehung am Freitag", "will face Sinner on
// Friday". Such a day must not contradict the day another outlet's report of the result names ("besiegte am Mittwoch").
import { normaliseText } from './normalise-text.js';
import { weekdayNames, weekdayNamesWritten } from './weekday-names.js';

// Hand-kept, written for this rule (not drawn from any labelled set): the verbs that announce a match, and the nouns of
// events news gives a date ahead for (sports fixtures, lottery draws, sittings of a parliament or court, talks). "next" and
// "nächste" date a fixture only before such a noun: "Japan's next prime minister on Monday vowed …" and "Die nächste
// Regierung will am Montag …" date what their subject did. A German noun counts as the head of a compound too
// ("Heimspiel", "Lottoziehung", "Verhandlungsrunde"), and either list in its plural.
const GERMAN_FIXTURE_VERBS = 'spielt|spielen|empfängt|empfangen|folgt|folgen|geht\\s+es';
// "treffen" announces a match only as "trifft auf" / "treffen aufeinander" (meets an opponent). "Die Minister treffen sich am
// Montag in Brüssel" and "Scholz trifft am Montag Macron" tell a meeting, the report's own event, and "Der Sturm trifft am
// Montag die Küste" what happened: their day dates the event. So "treffen" counts only with "auf" on either side of the
// day, and never reflexive ("treffen sich").
const GERMAN_MEETS = 'tr(?:ifft|effen)(?!\\s+sich\\b)';
const GERMAN_OPPONENT = '\\s+auf(?:einander)?\\b';
const GERMAN_FIXTURE_NOUNS =
  'spiel|runde|partie|ziehung|sitzung|rennen|etappe|treffen|begegnung|duell|gipfel|verhandlung|anhörung|termin|kampf';
const ENGLISH_MEETS = 'meet(?!\\s+(?:on|in|at|with|for|again|later|up|this|next|today|tomorrow|tonight)\\b)';
const ENGLISH_FIXTURE_NOUNS = 'match|game|round|tie|leg|race|fixture|draw|meeting|session|test|bout|fight|stage|hearing|summit|debate';
/**
 * `alternation` (plain words joined by "|") in any letter case, as the case-insensitive flag reads it, for a clause compiled
 * case-sensitively so that its past forms can ask for lower case (the "next" / "nächste" clauses of FIXTURE_CLAUSES).
 * Plain words only: a regex escape ("\\b", "\\p{L}") would have its letters turned into classes, so it throws on one.
 */
function anyCase(alternation: string): string {
  if (alternation.includes('\\')) throw new Error(`anyCase takes plain words, not a pattern: ${alternation}`);
  return [...alternation]
    .map((c) => {
      const upper = c.toUpperCase();
      return upper !== c && upper.length === 1 ? `[${c}${upper}]` : c;
    })
    .join('');
}
/**
 * `words` (plain, lower case) as an alternation in lower case or in capitals, not capitalised: past forms and the words
 * around them as running text and all-caps headlines write them ("THE NEXT MEETING WAS CANCELLED ON MONDAY", "DIE NÄCHSTE
 * SITZUNG WURDE AM MONTAG ABGESAGT"), where a capitalised one is a name or a German noun ("Drew", "Stand").
 */
function lowerOrUpper(words: readonly string[]): string {
  if (words.some((w) => w.includes('\\'))) throw new Error(`lowerOrUpper takes plain words, not patterns: ${words.join('|')}`);
  return [...words, ...words.map((w) => w.toUpperCase())].join('|');
}
// Past forms between the fixture's noun after "next" / "nächste" and the day make the day the date of what was done to the
// event, not its date ahead, as FRENCH_PAST and SPANISH_PAST do: "The next meeting was announced on Monday", "The next
// round of talks was postponed on Tuesday", "Die nächste Sitzung wurde am Montag abgesagt", "Die nächste
// Verhandlungsrunde hatte am Montag begonnen". The present and future keep it ahead: "The next meeting is on Monday",
// "will be held on Friday", "Die nächste Sitzung ist am Montag", "findet am Freitag statt". Hand-kept, written for this
// rule (not drawn from any labelled set).
//
// English: "was", "were", "had", "has", "have", then "been" and an adverb if any, then a participle: a word in -ed or a
// listed irregular one ("held", "begun", "called off" through "called"); in any letter case ("Next Meeting Was Cancelled
// On Monday", "THE NEXT MEETING WAS CANCELLED ON MONDAY"); not the future perfect ("will have ended"). Not "was" alone: reported speech shifts the present back,
// "officials said the next meeting was on Monday" names the day ahead; nor a participle of a plan, "was scheduled on
// Monday", "were expected on Friday" (ENGLISH_PLANNED). And a simple past right after the noun (and its "of …"), after
// at most one adverb ("finally took place", "also began"), in lower case or in capitals: a word in -ed, or a listed
// irregular one ("The next round took place on Monday", "began on Monday"). Only there, where it can only be the verb:
// further on, an -ed word is as often an adjective ("their next match at the renovated stadium on Saturday").
// Capitalised, it is a name ("Ted", "Reed", "Ahmed", "Drew": "the next fight against Ahmed on Saturday"); and the words
// in -ed that are no past ("need", "speed", "proceed", "red", "bed", "hundred", "sacred", …) are none, nor "won't". Such a
// word is a participle when a finite verb follows the day (ENGLISH_FINITE_AFTER_DAY): "Their next match played on Saturday
// will decide the title", "The next summit hosted by France on Monday is …" (a relative clause cut short) name the day ahead.
// "confirmed" and "booked" are no plan there: "The next summit was confirmed on Monday" dates the confirmation, as
// "was announced on Monday" does. They name the day ahead only with "for" (ENGLISH_PLANNED_FOR).
const ENGLISH_PLANNED = ['scheduled', 'rescheduled', 'planned', 'expected', 'slated', 'supposed', 'penciled', 'pencilled', 'timetabled'];
// A participle of a plan, a confirmation or a booking, then "for" the day, names the day ahead whatever tense comes before
// it: "has been confirmed for Monday", "Next match booked for Saturday", "was confirmed on Monday for Saturday night"
// (Saturday ahead; Monday, the day of the confirmation, dates it).
const ENGLISH_PLANNED_FOR = `(?:${anyCase([...ENGLISH_PLANNED, 'confirmed', 'booked'].join('|'))})(?:\\s+[\\p{L}'’-]+){0,3}?\\s+${anyCase('for')}\\s+`;
const ENGLISH_NO_PAST_IN_ED = [
  ...['red', 'bed', 'shed', 'sled', 'hundred', 'hundreds', 'kindred', 'hatred', 'sacred', 'naked', 'wicked'],
  ...['wretched', 'rugged', 'ragged', 'jagged', 'crooked', 'beloved'],
];
const ENGLISH_IRREGULAR_PARTICIPLES = [
  ...['held', 'begun', 'run', 'won', 'lost', 'drawn', 'broken', 'taken', 'given', 'made', 'done', 'gone', 'put', 'cut'],
  ...['shut', 'split', 'kept', 'left', 'brought', 'fought', 'struck', 'overshadowed', 'thrown', 'shown'],
];
const ENGLISH_IRREGULAR_SIMPLE_PAST = [
  ...['began', 'held', 'took', 'went', 'came', 'ran', 'fell', 'broke', 'got', 'saw', 'won', 'lost', 'drew', 'kept', 'left'],
  ...['brought', 'fought', 'struck', 'gave', 'made', 'agreed', 'freed'],
];
// Adverbs before a participle or a simple past, besides those in -ly ("finally", "eventually"): "also began", "has
// already been cancelled", "was then postponed".
const ENGLISH_ADVERBS = ['also', 'then', 'already', 'just', 'only', 'even', 'still', 'never', 'again', 'once'];
// "have" after "will", "shall" or "'ll" is the future perfect: "will have ended on Monday" names the day ahead.
const ENGLISH_FUTURE_PERFECT = `(?<=(?:(?<!\\p{L})(?:${anyCase('will|shall')})|['’]${anyCase('ll')})\\s+)${anyCase('have')}`;
const ENGLISH_PAST =
  `(?!${ENGLISH_FUTURE_PERFECT})(?:${anyCase('was|were|had|has|have')})\\s+(?:(?:\\p{L}+(?:ly|LY)|${anyCase(ENGLISH_ADVERBS.join('|'))})\\s+)?` +
  `(?:${anyCase('been')}\\s+)?(?:\\p{L}+(?:ly|LY)\\s+)?` +
  `(?:(?!(?:${anyCase(ENGLISH_PLANNED.join('|'))})(?!\\p{L}))\\p{L}+(?:ed|ED)|${anyCase(ENGLISH_IRREGULAR_PARTICIPLES.join('|'))})(?!\\p{L})`;
const ENGLISH_SIMPLE_PAST =
  `(?:(?:\\p{Ll}+ly|\\p{Lu}+LY|${lowerOrUpper(ENGLISH_ADVERBS)})\\s+)?` +
  `(?:(?!(?:\\p{L}*(?:eed|EED)|${lowerOrUpper([...ENGLISH_NO_PAST_IN_ED, ...ENGLISH_PLANNED])})(?!\\p{L}))(?:\\p{Ll}+ed|\\p{Lu}+ED)` +
  `|${lowerOrUpper(ENGLISH_IRREGULAR_SIMPLE_PAST)})(?![\\p{L}'’])`;
// "may" in lower case only: "on Monday May 4" is a date.
const ENGLISH_FINITE_AFTER_DAY = `,?\\s+(?:${lowerOrUpper(['will', 'would', 'is', 'are', 'could', 'should', 'must', 'can'])}|may|won['’]t)(?!\\p{L})`;
// German: "wurde(n)", "war(en)", "hatte(n)" anywhere between noun and day, whatever follows: German reports speech in the
// subjunctive ("die nächste Sitzung sei am Montag"), so an indicative past is what was. And a listed finite past ("fand
// am Montag statt", "begann", "endete", "platzte", "musste"): the forms are listed, not read from an ending, as "-te" also
// ends "zweite", "letzte", "nächste". In lower case or in capitals (a capitalised "Stand" or "War" is a noun or a name).
// "ist", "sind", "hat", "haben" are the present ("Die nächste Sitzung ist am Montag") unless the perfect's participle
// closes the clause after the day (GERMAN_SEIN_PERFECT_AFTER_DAY, GERMAN_HABEN_PERFECT_AFTER_DAY).
const GERMAN_PAST_FINITE = [
  ...['wurde', 'wurden', 'war', 'waren', 'hatte', 'hatten', 'fand', 'fanden', 'begann', 'begannen', 'endete', 'endeten'],
  ...['ging', 'gingen', 'lief', 'liefen', 'kam', 'kamen', 'fiel', 'fielen', 'platzte', 'platzten', 'scheiterte'],
  ...['scheiterten', 'tagte', 'tagten', 'startete', 'starteten', 'musste', 'mussten', 'konnte', 'konnten', 'stand', 'standen'],
];
const GERMAN_PAST = `(?:${lowerOrUpper(GERMAN_PAST_FINITE)})(?!\\p{L})`;
const GERMAN_SEIN = `(?:${lowerOrUpper(['ist', 'sind'])})(?!\\p{L})`;
const GERMAN_HABEN = `(?:${lowerOrUpper(['hat', 'haben'])})(?!\\p{L})`;
const GERMAN_PERFECT_AUXILIARIES = `(?:${GERMAN_SEIN}|${GERMAN_HABEN})`;
// After the auxiliary and the day, the perfect's participle closes the main clause ("ist am Montag abgesagt worden.",
// "hat am Montag in Genf begonnen,"): only at the clause's end (a punctuation mark or "und", "aber" …), where an inflected
// adjective ("im gesamten Land") does not stand, and not after "zu" ("ist am Montag zu gewinnen").
// After "ist" / "sind": "… worden", or a listed participle of a verb whose perfect takes "sein" and tells that the event
// took place or failed ("ist am Sonntag gescheitert", "geplatzt", "ausgefallen", "zu Ende gegangen", "unentschieden ausgegangen").
// Any other participle there is a state, which a preview names: "Im nächsten Spiel ist Bayern am Samstag in Dortmund
// gefordert", "ist Kane am Samstag gesperrt", "ist Leverkusen klar favorisiert", "Die nächste Etappe ist am Samstag für
// Autos gesperrt"; so "Die nächste Sitzung ist am Montag abgesagt" stays ahead too (the day may be the sitting's).
// After "hat" / "haben": a word with "ge" after at most a separable prefix ("gewonnen", "abgesagt", "abgebrochen"), in
// "-iert", or a listed one without "ge" ("verschoben", "vertagt", "beendet"); not a participle of a plan ("hat am Montag
// … geplant" is none, "ist am Montag geplant / angesetzt / vorgesehen" is ahead anyway).
const GERMAN_SEIN_PERFECTS = [
  ...['gescheitert', 'geplatzt', 'ausgefallen', 'gestartet', 'angelaufen', 'losgegangen', 'gegangen', 'ausgegangen'],
  ...['verlaufen', 'zusammengetreten', 'zusammengekommen', 'gekommen', 'gelungen', 'misslungen'],
];
const GERMAN_UNPREFIXED_PARTICIPLES = [
  ...['verschoben', 'vertagt', 'verlegt', 'beendet', 'begonnen', 'eröffnet', 'unterbrochen', 'entschieden', 'vereinbart'],
  ...['beschlossen', 'bestätigt', 'verloren', 'verkündet', 'erzielt'],
];
const GERMAN_PLANNED = [
  'geplant',
  'angesetzt',
  'vorgesehen',
  'terminiert',
  'anberaumt',
  'angekündigt',
  'angesagt',
  'festgelegt',
  'festgesetzt',
];
const GERMAN_SEPARABLE_PREFIXES = 'ab|an|auf|aus|bei|ein|fest|fort|los|mit|nach|statt|vor|weg|zu|zurück|zusammen';
const GERMAN_CLAUSE_END = `(?=\\s*[.,;:!?)]|\\s+[–—-]\\s|\\s+(?:${lowerOrUpper(['und', 'aber', 'doch', 'sondern', 'nachdem', 'weil'])})(?!\\p{L}))`;
const GERMAN_WORDS_TO_PARTICIPLE = `(?:\\s+[\\p{L}-]+){0,4}?\\s+(?<!(?<!\\p{L})(?:zu|ZU)\\s+)`;
const GERMAN_SEIN_PERFECT_AFTER_DAY = `${GERMAN_WORDS_TO_PARTICIPLE}(?:\\p{Ll}+\\s+worden|\\p{Lu}+\\s+WORDEN|${lowerOrUpper(GERMAN_SEIN_PERFECTS)})${GERMAN_CLAUSE_END}`;
const GERMAN_HABEN_PERFECT_AFTER_DAY =
  `${GERMAN_WORDS_TO_PARTICIPLE}(?!(?:${lowerOrUpper(GERMAN_PLANNED)})(?!\\p{L}))` +
  `(?:(?:${GERMAN_SEPARABLE_PREFIXES})?ge\\p{Ll}{2,}(?:t|en)|\\p{Ll}{2,}iert` +
  `|(?:${GERMAN_SEPARABLE_PREFIXES.toUpperCase()})?GE\\p{Lu}{2,}(?:T|EN)|\\p{Lu}{2,}IERT` +
  `|${lowerOrUpper(GERMAN_UNPREFIXED_PARTICIPLES)})${GERMAN_CLAUSE_END}`;
// French and Spanish name a day ahead with the future tense of a verb that announces a sitting, a vote, a match or talks
// ("la motion sera examinée jeudi", "se réuniront mercredi", "volverán a reunirse el miércoles"), "va/vont" or "va/van a"
// with an infinitive, a modal with an infinitive ("doit être votée jeudi", "debe votarse el jueves"), "prévu(e) pour" /
// "previsto para", and "prochain" / "próximo" next to the day or before a noun of a scheduled event (FIXTURE_CLAUSES);
// the past and present date the report's own event ("a engagé mardi", "aprobó este martes", "comme prévu mardi"). The
// forms are listed word by word, not read from an ending: "-ra" / "-rá" also ends names and nouns ("Laura", "Sandra",
// "Sierra", "extra", "Teherán", "Beltrán"), which would then drop the day a past report dates its event by. Hand-kept,
// written for this rule (not drawn from any labelled set). Matched case-sensitively: a capitalised form counts only at
// the start of the text or a sentence, never mid-sentence (a name); "ira" / "irá" (goes) only in lower case, as "Ira"
// and "Irán" start sentences too.
const FRENCH_FUTURE_STEMS = [
  ...['se', 'au', 'dev', 'pour', 'fe', 'viend', 'tiend', 'reviend', 'rend', 'reprend', 'réuni', 'retrouve'],
  ...['examine', 'vote', 'décide', 'annonce', 'présente', 'rencontre', 'affronte', 'joue', 'recev', 'prononce', 'débute'],
  ...['commence', 'ouvri', 'rouvri', 'poursuiv', 'statue', 'publie', 'entre', 'dévoile', 'exprime', 'dispute', 'visite'],
];
const SPANISH_FUTURE_STEMS = [
  ...['se', 'hab', 'esta', 'tend', 'pod', 'debe', 'ha', 'da', 'volve', 'reuni', 'celebra', 'vota', 'decidi'],
  ...['anuncia', 'presenta', 'juga', 'disputa', 'enfrenta', 'recibi', 'comparece', 'pronuncia', 'comenza', 'empeza'],
  ...['abri', 'reanuda', 'publica', 'entra', 'conoce', 'debati', 'examina', 'viaja', 'visita', 'retoma'],
];
// The nouns of scheduled events, as GERMAN_FIXTURE_NOUNS and ENGLISH_FIXTURE_NOUNS: "La prochaine réunion a lieu jeudi",
// "Prochain match samedi", "La próxima reunión es el jueves" name the day of the meeting ahead, where "Le prochain
// gouvernement a annoncé mardi" dates what the government did. Singular and plural, lower case or capitalised ("le
// prochain Sommet européen"). No "conseil" / "consejo": "le prochain président du Conseil" is a person. The HOMOGRAPHS are
// also verbs ("Le prochain chancelier rencontre lundi Macron", "El próximo ministro debate el martes") or another noun
// ("tour", a turn): they count only right after "prochain" / "próximo", where they can only be the noun.
const FRENCH_FIXTURE_NOUNS = [
  ...['réunion', 'séance', 'session', 'match', 'sommet', 'scrutin', 'audience', 'manche', 'étape', 'course', 'tirage'],
  ...['épreuve', 'conférence', 'négociation', 'rendez-vous'],
];
const FRENCH_FIXTURE_HOMOGRAPHS = ['rencontre', 'vote', 'combat', 'débat', 'tour'];
const SPANISH_FIXTURE_NOUNS = [
  ...['reunión', 'reuniones', 'sesión', 'sesiones', 'partido', 'cumbre', 'encuentro', 'votación', 'votaciones', 'pleno'],
  ...['audiencia', 'vuelta', 'etapa', 'carrera', 'sorteo', 'conferencia', 'negociación', 'negociaciones', 'juicio'],
];
const SPANISH_FIXTURE_HOMOGRAPHS = ['debate', 'prueba', 'cita', 'combate', 'ronda'];
/** `nouns`, each lower case or capitalised, and in French also with a plural "s" or "x". */
function fixtureNouns(nouns: readonly string[], plural: string): string {
  return `(?:${nouns.map((n) => `[${n[0]}${n[0]!.toUpperCase()}]${n.slice(1)}`).join('|')})${plural}(?!\\p{L})`;
}
/**
 * "prochain" / "próximo" (`next`, its forms), then a scheduled event's noun: right after it, or after one word ("la
 * prochaine grande réunion", "la próxima sesión plenaria"); a homograph only right after it. Then the noun's complement
 * if any, one word after `of` (with its space; "les prochaines séances du Conseil", "la próxima ronda de negociaciones").
 */
function nextEvent(next: string, nouns: string, homographs: string, of: string): string {
  return `${next}(?:\\s+[\\p{L}'’-]+\\s+${nouns}|\\s+(?:${nouns}|${homographs}))(?:\\s+(?:${of})[\\p{L}-]+)?`;
}
// Past forms, any of which in the words between the event's noun and the day makes the day the date of what was done
// to the event, not its date ahead: "La prochaine réunion a été annoncée mardi", "Le tirage du prochain tour a eu lieu
// lundi", "La próxima sesión fue suspendida el lunes", "La próxima ronda se aplazó el lunes". French: "a", "ont",
// "avait", "avaient" or reflexive "s'est", "se sont", "s'était", "s'étaient" before a participle (a word ending -é, -i,
// -u, -is, -it, -ert, -int, agreed or not, after at most one adverb), but not "lieu" ("a lieu", "ont lieu" are present);
// "était", "étaient", "fut", "furent". Spanish: "fue", "fueron"; "ha", "han", "había", "habían" before a participle
// (-ado, -ido, -to, -cho, -so; not "ha de", an obligation ahead); a lower-case preterite ending -ó, -aron or -ieron. Each
// is one word of the gap, tested where the word starts.
const FRENCH_PAST =
  `(?:(?:a|ont|avait|avaient|s['’]est|se\\s+sont|s['’]était|s['’]étaient)\\s+(?:\\p{Ll}+ment\\s+|(?:déjà|aussi|bien|donc|enfin|encore|pourtant)\\s+)?` +
  `(?!lieu(?!\\p{L}))\\p{Ll}+(?:é|i|u|is|it|ert|int)e?s?|était|étaient|fut|furent)(?!\\p{L})`;
const SPANISH_PAST = `(?:fue|fueron|(?:ha|han|había|habían)\\s+(?:ya\\s+)?\\p{Ll}+(?:ad|id|t|ch|s)[oa]s?|\\p{Ll}{2,}ó|\\p{Ll}+(?:aron|ieron))(?!\\p{L})`;
/** Up to `most` words between a fixture's noun and its day, none of them `past` (the start of a past form). */
function gapWithout(past: string, most = 3): string {
  return `(?:\\s+(?!${past})[\\p{L}'’-]+){0,${most}}?`;
}
const FRENCH_INFINITIVE = `(?:se\\s+|s[’'])?(?:être\\s+)?\\p{Ll}+(?:er|ir|re|oir)`;
const SPANISH_INFINITIVE = `\\p{Ll}+(?:ar|er|ir)(?:se)?`;
/** `words` as they stand mid-sentence, or capitalised at the start of the text or of a sentence (after a title's line end). */
function lowerOrSentenceStart(words: readonly string[]): string {
  const capitalised = words.map((w) => w[0]!.toUpperCase() + w.slice(1));
  return `(?:(?<!\\p{L})(?:${words.join('|')})|(?<=^|[.!?…]\\s+|\\n\\s*)(?:${capitalised.join('|')}))`;
}
const FRENCH_AHEAD =
  `(?:${lowerOrSentenceStart(FRENCH_FUTURE_STEMS)}r(?:a|ont)|(?<!\\p{L})ir(?:a|ont)` +
  `|${lowerOrSentenceStart(['va', 'vont', 'doit', 'doivent'])}\\s+${FRENCH_INFINITIVE}` +
  `|${lowerOrSentenceStart(['prévu', 'prévue', 'prévus', 'prévues'])}\\s+pour)(?!\\p{L})`;
const SPANISH_AHEAD =
  `(?:${lowerOrSentenceStart(SPANISH_FUTURE_STEMS)}r(?:á|án)|(?<!\\p{L})ir(?:á|án)` +
  `|${lowerOrSentenceStart(['va', 'van'])}\\s+a\\s+${SPANISH_INFINITIVE}` +
  `|${lowerOrSentenceStart(['debe', 'deben'])}\\s+${SPANISH_INFINITIVE}` +
  `|${lowerOrSentenceStart(['previsto', 'prevista', 'previstos', 'previstas'])}\\s+para)(?!\\p{L})`;

// "next" / "nächste" and a fixture's noun (one or two words between in English, one in German; a German noun also as the
// head of a compound), as the case-insensitive flag read them before their clauses were compiled case-sensitively; English
// also with the noun's complement ("round of talks").
const ENGLISH_NEXT_EVENT =
  `\\b${anyCase('next')}(?:\\s+\\p{L}+){0,2}?\\s+(?:${anyCase(ENGLISH_FIXTURE_NOUNS)})(?:${anyCase('es|s')})?` +
  `(?:\\s+${anyCase('of')}\\s+[\\p{L}-]+)?`;
const GERMAN_NEXT_EVENT =
  `\\b${anyCase('nächste')}(?:${anyCase('n|m|r|s')})?(?:\\s+\\p{L}+)?\\s+[\\p{L}-]*(?:${anyCase(GERMAN_FIXTURE_NOUNS)})` +
  `(?:${anyCase('e|en|n|s|es')})?`;
const GERMAN_PAST_OR_PERFECT = `(?:${GERMAN_PAST}|${GERMAN_PERFECT_AUXILIARIES})`;
/**
 * "nächste" and a fixture's noun, then `auxiliary` with at most one word before or after it, then the day; the day is ahead
 * unless `perfectAfterDay` (the perfect's participle closing the clause) follows it.
 */
function germanPerfectClause(auxiliary: string, perfectAfterDay: string): FixtureClause {
  return [
    `${GERMAN_NEXT_EVENT}(?:\\s+(?!${GERMAN_PAST_OR_PERFECT})[\\p{L}'’-]+\\s+${auxiliary}` +
      `|\\s+${auxiliary}(?:\\s+(?!${GERMAN_PAST_OR_PERFECT})[\\p{L}'’-]+)?)\\s+${anyCase('am')}\\s+`,
    `(?!${perfectAfterDay})`,
    true,
  ];
}
// What follows "next" and a fixture's noun when a simple past comes right after it (and its "of …"; ENGLISH_SIMPLE_PAST).
const ENGLISH_SIMPLE_PAST_FIRST = `(?:\\s+${anyCase('of')}\\s+[\\p{L}-]+)?\\s+${ENGLISH_SIMPLE_PAST}`;

// Each clause is [before, after]: what stands right before the weekday and right after it, and whether it is matched
// case-sensitively where its language is not (its fixed words written with anyCase). Per language; other languages keep
// every weekday they name as a date.
type FixtureClause = readonly [before: string, after: string, caseSensitive?: boolean];
const FIXTURE_CLAUSES: Record<string, readonly FixtureClause[]> = {
  de: [
    [`\\b(?:${GERMAN_FIXTURE_VERBS})(?:\\s+\\p{L}+){0,3}?\\s+am\\s+`, ''],
    ['\\bam\\s+', `\\s+(?:${GERMAN_FIXTURE_VERBS})\\b`],
    [`\\b${GERMAN_MEETS}(?:\\s+\\p{L}+){0,3}?\\s+am\\s+`, `(?:\\s+[\\p{L}-]+){0,4}?${GERMAN_OPPONENT}`],
    [`\\b${GERMAN_MEETS}(?:\\s+\\p{L}+){0,2}?${GERMAN_OPPONENT}(?:\\s+[\\p{L}-]+){1,3}?\\s+am\\s+`, ''],
    ['\\bam\\s+', `\\s+${GERMAN_MEETS}(?:\\s+[\\p{L}-]+){0,4}?${GERMAN_OPPONENT}`],
    // "nächste" and a fixture's noun, up to two words, the day: no past form between them, or the perfect's auxiliary
    // without its participle after the day (GERMAN_PAST, GERMAN_SEIN_PERFECT_AFTER_DAY, GERMAN_HABEN_PERFECT_AFTER_DAY).
    [`${GERMAN_NEXT_EVENT}${gapWithout(GERMAN_PAST_OR_PERFECT, 2)}\\s+${anyCase('am')}\\s+`, '', true],
    germanPerfectClause(GERMAN_SEIN, GERMAN_SEIN_PERFECT_AFTER_DAY),
    germanPerfectClause(GERMAN_HABEN, GERMAN_HABEN_PERFECT_AFTER_DAY),
    // "für" the day and a participle of a plan or "bestätigt" after it, as English "confirmed for Monday": "Die nächste
    // Sitzung wurde für Montag bestätigt", "wurde am Montag für Freitag bestätigt" (Freitag ahead, Montag dates it).
    [
      `${GERMAN_NEXT_EVENT}(?:\\s+[\\p{L}'’-]+){0,4}?\\s+${anyCase('für')}\\s+`,
      `(?:\\s+[\\p{L}-]+){0,3}?\\s+(?:${lowerOrUpper([...GERMAN_PLANNED, 'bestätigt'])})(?!\\p{L})`,
      true,
    ],
  ],
  en: [
    // "will meet" is a fixture only with an opponent right after it ("will meet Sinner on Friday"); "Ministers will meet on
    // Monday", "will meet in Brussels", "will meet with union leaders" tell a meeting, the report's own event.
    [`\\bwill\\s+(?:face|play|${ENGLISH_MEETS}|host)(?:\\s+[\\p{L}'’.-]+){0,4}?\\s+on\\s+`, ''],
    // "Their next match is on Saturday", "next home game against Leeds on Saturday"; not "next to" (a place).
    // A past form between the noun (and its "of …") and the day dates what was done (ENGLISH_PAST, ENGLISH_SIMPLE_PAST).
    [`${ENGLISH_NEXT_EVENT}(?!${ENGLISH_SIMPLE_PAST_FIRST})${gapWithout(ENGLISH_PAST)}\\s+${anyCase('on')}\\s+`, '', true],
    // With a word in -ed right after the noun, only when a finite verb follows the day: "Their next match played on
    // Saturday will decide the title" (ENGLISH_FINITE_AFTER_DAY).
    [`${ENGLISH_NEXT_EVENT}${gapWithout(ENGLISH_PAST)}\\s+${anyCase('on')}\\s+`, ENGLISH_FINITE_AFTER_DAY, true],
    // "The next meeting has been confirmed for Monday", "was confirmed on Monday for Saturday night" (ENGLISH_PLANNED_FOR).
    [`${ENGLISH_NEXT_EVENT}(?:\\s+[\\p{L}'’-]+){0,4}?\\s+${ENGLISH_PLANNED_FOR}`, '', true],
  ],
  // Up to three words between ("sera examinée jeudi", "volverán a reunirse el miércoles"), then the article or "ce" /
  // "este", "pour le" / "para el"; a day after "à partir de" / "a partir del" or "d'ici" (by then); a day "prochain" /
  // "próximo" modifies, right before or after it ("le prochain jeudi", "jeudi prochain", "el próximo jueves", "el jueves
  // próximo"; in the plural for two days, "los próximos lunes y martes"); and the day of a scheduled event "prochain" /
  // "próximo" names (FRENCH_FIXTURE_NOUNS, SPANISH_FIXTURE_NOUNS): "La prochaine réunion a lieu jeudi", "Próximo partido
  // el sábado"), unless a past form stands between the noun and the day (FRENCH_PAST, SPANISH_PAST: "La prochaine réunion
  // a été annoncée mardi"). Before any other noun, "prochain" modifies it, and the day dates what it did ("Le prochain
  // gouvernement a présenté mardi …", "El próximo Gobierno anunció el martes …"), as "next" and "nächste" do before a
  // subject that is no fixture; and "next" and "nächste" read past forms too (ENGLISH_PAST, GERMAN_PAST).
  fr: [
    [`${FRENCH_AHEAD}(?:\\s+[\\p{L}'’-]+){0,3}?\\s+(?:(?:pour|dès|d[’']ici)\\s+)?(?:(?:le|ce)\\s+)?`, ''],
    [`(?<!\\p{L})(?:${lowerOrSentenceStart(['à'])}\\s+partir\\s+de|${lowerOrSentenceStart(['d’ici', "d'ici"])})\\s+(?:(?:le|ce)\\s+)?`, ''],
    [`${lowerOrSentenceStart(['prochain'])}\\s+`, ''],
    [`${lowerOrSentenceStart(['prochains'])}\\s+(?:\\p{L}+(?:\\s+et|,)\\s+)?`, ''],
    ['(?:^|\\s)', '\\s+prochain(?!\\p{L})'],
    [
      nextEvent(
        lowerOrSentenceStart(['prochain', 'prochaine', 'prochains', 'prochaines']),
        fixtureNouns(FRENCH_FIXTURE_NOUNS, '(?:s|x|es)?'),
        fixtureNouns(FRENCH_FIXTURE_HOMOGRAPHS, '(?:s|x|es)?'),
        "(?:du|des|de(?:\\s+la)?)\\s+|de\\s+l['’]|d['’]",
      ) + `${gapWithout(FRENCH_PAST)}\\s+(?:(?:le|ce)\\s+)?`,
      '',
    ],
  ],
  es: [
    [`${SPANISH_AHEAD}(?:\\s+[\\p{L}'’-]+){0,3}?\\s+(?:(?:para|hasta|desde)\\s+)?(?:(?:el|este)\\s+)?(?:próximo\\s+)?`, ''],
    [`${lowerOrSentenceStart(['a'])}\\s+partir\\s+(?:del|de\\s+este)\\s+(?:próximo\\s+)?`, ''],
    [`${lowerOrSentenceStart(['próximo'])}\\s+`, ''],
    [`${lowerOrSentenceStart(['próximos'])}\\s+(?:\\p{L}+(?:\\s+y|,)\\s+)?`, ''],
    // "el domingo próximo pasado" (Latin American news) is last Sunday.
    ['(?:^|\\s)', '\\s+próximo(?!\\p{L})(?!\\s+pasado(?!\\p{L}))'],
    [
      nextEvent(
        lowerOrSentenceStart(['próximo', 'próxima', 'próximos', 'próximas']),
        fixtureNouns(SPANISH_FIXTURE_NOUNS, '(?:s|es)?'),
        fixtureNouns(SPANISH_FIXTURE_HOMOGRAPHS, '(?:s|es)?'),
        '(?:del|de(?:\\s+las?|\\s+los)?)\\s+',
      ) + `${gapWithout(SPANISH_PAST)}\\s+(?:(?:para|desde)\\s+)?(?:(?:el|este)\\s+)?`,
      '',
    ],
  ],
};
/** Languages whose clauses tell a name from a verb by its capital (lowerOrSentenceStart). */
const CASE_SENSITIVE: ReadonlySet<string> = new Set(['fr', 'es']);
/**
 * How far before and after a weekday its clause is looked for (characters): a verb, three words and "am"; after it, a verb
 * and its "auf" ("am Samstag trifft der THW Kiel auf …").
 */
const CLAUSE_BEFORE_CHARS = 80;
const CLAUSE_AFTER_CHARS = 50;

interface FixtureReading {
  /** Any weekday name of the language, as a whole word. */
  days: RegExp;
  /** Each clause as [the text before the weekday ends so, the text after it begins so]. */
  clauses: readonly (readonly [RegExp, RegExp])[];
}
const fixtureReadings = new Map<string, FixtureReading | null>();

function fixtureReading(language: string): FixtureReading | null {
  let reading = fixtureReadings.get(language);
  if (reading !== undefined) return reading;
  reading = null;
  const clauses = FIXTURE_CLAUSES[language];
  if (clauses) {
    reading = {
      days: new RegExp(`(?<![\\p{L}])(?:${weekdayNamesWritten(language).join('|')})(?![\\p{L}])`, 'giu'),
      clauses: clauses.map(([before, after, caseSensitive]) => {
        const flags = caseSensitive === true || CASE_SENSITIVE.has(language) ? 'u' : 'iu';
        return [new RegExp(`${before}$`, flags), new RegExp(`^${after}`, flags)] as const;
      }),
    };
  }
  fixtureReadings.set(language, reading);
  return reading;
}

/**
 * The weekdays `text` names only in fixture clauses ("Im Halbfinale trifft er am Freitag auf …"), as a bit mask (bit d =
 * day d). `language` is a base code (detectLanguage). A day `isOwnDay` accepts (the item's publication day) dates the
 * item's own event ("trifft am Mittwoch" in Wednesday's report), and so does a day the text also names outside such a clause.
 */
export function fixtureOnlyWeekdays(text: string, language: string | null, isOwnDay: (day: number) => boolean): number {
  const reading = language === null ? null : fixtureReading(language);
  if (reading === null) return 0;
  const names = weekdayNames(language!);
  let fixture = 0;
  let dated = 0;
  for (const m of text.matchAll(reading.days)) {
    const day = names.get(normaliseText(m[0], language).tokens[0] ?? '');
    if (day === undefined) continue;
    const start = Math.max(0, m.index - CLAUSE_BEFORE_CHARS);
    // A cut window starts mid-text: a space keeps its first word from reading as the start of the text.
    const before = (start > 0 ? ' ' : '') + text.slice(start, m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + CLAUSE_AFTER_CHARS);
    const inClause = reading.clauses.some(([b, a]) => b.test(before) && a.test(after));
    if (inClause && !isOwnDay(day)) fixture |= 1 << day;
    else dated |= 1 << day;
  }
  return fixture & ~dated;
}
