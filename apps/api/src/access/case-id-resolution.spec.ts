import { resolveCaseId } from './case-id-resolution';

const lindenau = 'org-jugendamt-lindenau';
const existing = (...ids: string[]) => {
  const asked: string[] = [];
  const exists = async (id: string) => {
    asked.push(id);
    return ids.includes(id);
  };
  return { exists, asked };
};

describe('resolveCaseId: the case a path id means', () => {
  it('a bare reference is the caller’s own office’s case', async () => {
    const { exists } = existing('jugendamt-lindenau.F-1000', 'F-1000');
    await expect(resolveCaseId('F-1000', lindenau, exists)).resolves.toBe('jugendamt-lindenau.F-1000');
  });

  it('falls back to a case registered before the scoping under that very id', async () => {
    const { exists } = existing('F-1000');
    await expect(resolveCaseId('F-1000', lindenau, exists)).resolves.toBe('F-1000');
  });

  it('a reference nobody used is the caller’s own office’s (never an unscoped new case)', async () => {
    const { exists } = existing();
    await expect(resolveCaseId('F-1000', lindenau, exists)).resolves.toBe('jugendamt-lindenau.F-1000');
  });

  it('another office’s reference never means that office’s case', async () => {
    const { exists } = existing('jugendamt-nachbar.F-1000');
    await expect(resolveCaseId('F-1000', lindenau, exists)).resolves.toBe('jugendamt-lindenau.F-1000');
  });

  it('a scoped id is taken as written, without a lookup', async () => {
    const { exists, asked } = existing();
    await expect(resolveCaseId('jugendamt-nachbar.F-1000', lindenau, exists)).resolves.toBe('jugendamt-nachbar.F-1000');
    expect(asked).toEqual([]);
  });
});
