// Topic naming: one topic per catalog category (国办发〔2017〕94号 categories, allocation kinds …),
// `<prefix><category>`; events whose category cannot be told (an unknown type, an amendment whose
// target type is missing) go to `<prefix>other`. Kafka topic names allow [a-zA-Z0-9._-] up to 249
// characters; category slugs are lower-case kebab, so only the prefix needs checking.
import { CATEGORY_SLUGS, categoryFor, getEntry } from '@gongkai/catalog';

export const DEFAULT_TOPIC_PREFIX = 'gongkai.';
export const OTHER_TOPIC_SUFFIX = 'other';

const LEGAL = /^[a-zA-Z0-9._-]*$/;

export function checkTopicPrefix(prefix: string): string {
  if (!LEGAL.test(prefix) || prefix.length > 200) {
    throw new Error(`invalid Kafka topic prefix ${JSON.stringify(prefix)}: use at most 200 of [a-zA-Z0-9._-]`);
  }
  return prefix;
}

/** The category slug an event is published under, or undefined when it has none. */
export function categoryOfEvent(type: string, schemaVersion: number, payload: unknown): string | undefined {
  const entry = getEntry(type, schemaVersion) ?? getEntry(type);
  return entry ? categoryFor(entry, payload) : undefined;
}

export function topicFor(event: { type: string; schemaVersion: number; payload: unknown }, prefix = DEFAULT_TOPIC_PREFIX): string {
  return prefix + (categoryOfEvent(event.type, event.schemaVersion, event.payload) ?? OTHER_TOPIC_SUFFIX);
}

/** Every topic the relay may publish to (created up front: the broker does not auto-create). */
export function relayTopics(prefix = DEFAULT_TOPIC_PREFIX): string[] {
  return [...CATEGORY_SLUGS.map((slug) => prefix + slug), prefix + OTHER_TOPIC_SUFFIX];
}
