import { Admission } from './admission';

describe('Admission', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('admits up to its limit at once, the next in arrival order as places come free', async () => {
    const admission = new Admission(2, 1_000);
    const first = await admission.acquire();
    const second = await admission.acquire();
    const order: string[] = [];
    const third = admission.acquire().then((r) => (order.push('third'), r));
    const fourth = admission.acquire().then((r) => (order.push('fourth'), r));
    expect(admission.state).toEqual({ held: 2, waiting: 2 });
    second!();
    const thirdRelease = await third;
    expect(thirdRelease).toEqual(expect.any(Function));
    expect(order).toEqual(['third']);
    first!();
    expect(await fourth).toEqual(expect.any(Function));
    expect(order).toEqual(['third', 'fourth']);
    expect(admission.state).toEqual({ held: 2, waiting: 0 });
  });

  it('turns a request away when no place came free within the wait, and forgets it', async () => {
    const admission = new Admission(1, 500);
    const held = await admission.acquire();
    const waiting = admission.acquire();
    jest.advanceTimersByTime(500);
    expect(await waiting).toBeNull();
    expect(admission.state).toEqual({ held: 1, waiting: 0 });
    expect(admission.turnedAway).toBe(1);
    held!();
    expect(admission.state).toEqual({ held: 0, waiting: 0 });
  });

  it('a place released twice is freed once', async () => {
    const admission = new Admission(1, 0);
    const release = await admission.acquire();
    release!();
    release!();
    const a = await admission.acquire();
    expect(a).toEqual(expect.any(Function));
    expect(await admission.acquire()).toBeNull(); // no wait: turned away at once
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Admission(0, 100)).toThrow(RangeError);
  });
});
