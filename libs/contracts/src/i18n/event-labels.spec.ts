import { EVENT_LABELS_DE } from './event-labels.de';
import { EVENT_LABELS_EN } from './event-labels.en';

describe('event labels', () => {
  it('the English table names every event type the German one does, and no other', () => {
    expect(Object.keys(EVENT_LABELS_EN).sort()).toEqual(Object.keys(EVENT_LABELS_DE).sort());
    for (const label of Object.values(EVENT_LABELS_EN)) expect(label.trim()).not.toBe('');
  });
});
