// A downstream site's mirror of one merged output, kept the way README's "Ingesting the merged feed by
// program" tells a site to: poll the JSON Feed's first page with conditional GET (ETag and Last-Modified),
// follow `next_url` when it changed, upsert entries by `id`, fold each `_feedmerge.absorbed` id into its
// survivor, and read the Atom first page's RFC 6721 tombstones for entries merged away. Plain fetch, no
// feedmerge code: it knows only the published documents.
import { SaxesParser } from 'saxes';

export interface MirroredMember {
  source: string;
  key: string;
  title: string | null;
}

export interface MirroredStory {
  /** The entry id (`tag:…:story:<story id>`), the key the site stores the story under. */
  id: string;
  storyId: string;
  title: string;
  datePublished: string;
  dateModified: string;
  members: MirroredMember[];
}

interface JsonFeedPage {
  next_url?: string;
  items: {
    id: string;
    title: string;
    date_published: string;
    date_modified: string;
    _feedmerge: {
      story_id: string;
      absorbed?: { story_id: string; id: string }[];
      items: MirroredMember[];
    };
  }[];
}

/** One document's validators, as the server last sent them. */
interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export interface SyncResult {
  /** HTTP status of the JSON Feed's first page and of the Atom first page. */
  json: number;
  atom: number;
  /** Entries whose `date_modified` moved since the last sync (or that are new). */
  changed: string[];
}

export class StoryMirror {
  /** Live stories by entry id. */
  readonly stories = new Map<string, MirroredStory>();
  /** Entry ids merged away, each to the entry id that absorbed it (possibly itself absorbed later). */
  readonly mergedInto = new Map<string, string>();
  private readonly validators = new Map<string, Validators>();

  /**
   * @param origin where the site reaches feedmerge (a restarted server may listen elsewhere)
   * @param output the output id, as in `/feeds/<output>.json`
   */
  constructor(
    public origin: string,
    private readonly output: string,
  ) {}

  /** The entry id an id (a live one, or one merged away) stands for now, through every later merge. */
  resolveId(id: string): string {
    const seen = new Set<string>();
    let current = id;
    while (this.mergedInto.has(current) && !seen.has(current)) {
      seen.add(current);
      current = this.mergedInto.get(current)!;
    }
    return current;
  }

  /**
   * The entry the site holds for an id now, or undefined: the id dangles, or its survivor is a story this
   * output does not list (an Atom tombstone names survivors that the output's words hide).
   */
  resolve(id: string): MirroredStory | undefined {
    return this.stories.get(this.resolveId(id));
  }

  /** One polling round: the JSON Feed (every page when the first changed), then the Atom tombstones. */
  async sync(): Promise<SyncResult> {
    const changed: string[] = [];
    const first = await this.conditionalGet(`/feeds/${this.output}.json`);
    if (first.status === 200) {
      // A story is listed once, on one page (rule 2): an id seen twice in one walk is a broken contract,
      // which the Map would otherwise hide by overwriting the first with the second.
      const listed = new Set<string>();
      let page: JsonFeedPage | null = JSON.parse(first.body) as JsonFeedPage;
      while (page) {
        for (const item of page.items) {
          if (listed.has(item.id)) throw new Error(`/feeds/${this.output}.json: entry ${item.id} is listed twice`);
          listed.add(item.id);
          this.upsert(item, changed);
        }
        page = page.next_url ? await this.getJson(page.next_url) : null;
      }
    }
    const atom = await this.conditionalGet(`/feeds/${this.output}.atom`);
    if (atom.status === 200) {
      for (const { ref, survivor } of tombstones(atom.body)) if (survivor) this.fold(ref, survivor);
    }
    return { json: first.status, atom: atom.status, changed };
  }

  private upsert(item: JsonFeedPage['items'][number], changed: string[]): void {
    const before = this.stories.get(item.id);
    if (!before || before.dateModified !== item.date_modified) changed.push(item.id);
    // An entry listed again is live: a merge the engine undid brings the absorbed id back under its own id.
    this.mergedInto.delete(item.id);
    this.stories.set(item.id, {
      id: item.id,
      storyId: item._feedmerge.story_id,
      title: item.title,
      datePublished: item.date_published,
      dateModified: item.date_modified,
      members: item._feedmerge.items.map((m) => ({ source: m.source, key: m.key, title: m.title })),
    });
    for (const absorbed of item._feedmerge.absorbed ?? []) if (absorbed.id !== item.id) this.fold(absorbed.id, item.id);
  }

  /** The absorbed entry leaves the site; its id keeps pointing at the survivor. */
  private fold(absorbed: string, survivor: string): void {
    if (absorbed === survivor || this.resolveId(survivor) === absorbed) return;
    this.stories.delete(absorbed);
    this.mergedInto.set(absorbed, survivor);
  }

  private async conditionalGet(pathname: string): Promise<{ status: number; body: string }> {
    // Keyed by path: a restarted test server listens on another port, a site's address stays.
    const url = new URL(pathname, this.origin).href;
    const known = this.validators.get(pathname);
    const headers: Record<string, string> = {};
    if (known?.etag) headers['if-none-match'] = known.etag;
    if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
    const response = await fetch(url, { headers });
    const body = await response.text();
    if (response.status === 200) {
      this.validators.set(pathname, { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') });
    } else if (response.status !== 304) {
      throw new Error(`GET ${url}: HTTP ${response.status}`);
    }
    return { status: response.status, body };
  }

  private async getJson(absolute: string): Promise<JsonFeedPage> {
    // Paging links carry `server.baseUrl`, the public address; the site reaches the same path here.
    const { pathname } = new URL(absolute);
    const response = await fetch(new URL(pathname, this.origin));
    if (response.status !== 200) throw new Error(`GET ${pathname}: HTTP ${response.status}`);
    return (await response.json()) as JsonFeedPage;
  }
}

/** The Atom document's `at:deleted-entry` tombstones: the entry id and the survivor its comment names. */
export function tombstones(atom: string): { ref: string; survivor: string | null }[] {
  const found: { ref: string; survivor: string | null }[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let open: { ref: string; comment: string } | null = null;
  let inComment = false;
  parser.on('opentag', (tag) => {
    if (tag.name === 'at:deleted-entry') open = { ref: String(tag.attributes['ref']), comment: '' };
    if (tag.name === 'at:comment' && open) inComment = true;
  });
  parser.on('text', (text) => {
    if (open && inComment) open.comment += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'at:comment') inComment = false;
    if (tag.name === 'at:deleted-entry' && open) {
      const survivor = /^Merged into (\S+)$/.exec(open.comment.trim());
      found.push({ ref: open.ref, survivor: survivor?.[1] ?? null });
      open = null;
    }
  });
  parser.write(atom).close();
  return found;
}
