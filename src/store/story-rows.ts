// stories rows as both backends read them: one mapping to the model's Story.
import type { Story } from '../model.js';

export interface StoryRow {
  id: string;
  representative_item_id: number;
  title: string;
  url: string | null;
  published: string;
  updated: string;
}

export function toStory(row: StoryRow): Story {
  return {
    id: row.id,
    representativeItemId: row.representative_item_id,
    title: row.title,
    url: row.url,
    published: row.published,
    updated: row.updated,
  };
}
