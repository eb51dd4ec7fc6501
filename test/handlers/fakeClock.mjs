// Preloaded (`node --import`) into a bundle's process by invokeBundle.mjs: the handlers read the
// real clock (Date.now), and the tests deliver events at instants of their choosing. When
// LVSCHED_TEST_NOW is set (epoch ms), this process's clock starts there and runs at real speed.
const start = Number(process.env.LVSCHED_TEST_NOW);
if (Number.isFinite(start)) {
  const RealDate = Date;
  const origin = RealDate.now();
  const now = () => start + (RealDate.now() - origin);
  class FakeDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(now());
      else super(...args);
    }
    static now() {
      return now();
    }
  }
  globalThis.Date = FakeDate;
}
