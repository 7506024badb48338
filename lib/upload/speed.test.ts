import { expect, test } from "vitest";
import { SpeedMeter } from "./speed";

test("speed is the bytes done over the window, after a warm-up, and time left follows from it", () => {
  const meter = new SpeedMeter(5000, 400);
  meter.add(0, 0);
  meter.add(200, 1000);
  expect(meter.rate(200)).toBeUndefined();
  meter.add(1000, 5000);
  expect(meter.rate(1000)).toBe(5000);
  expect(meter.secondsLeft(1000, 10_000)).toBe(2);
  expect(meter.secondsLeft(1000, 0)).toBe(0);
});

test("old samples leave the window, so the rate follows a change of pace", () => {
  const meter = new SpeedMeter(2000, 0);
  for (let t = 0; t <= 10_000; t += 1000) meter.add(t, t < 5000 ? t * 10 : 50_000 + (t - 5000));
  // From 5 s on, 1 byte per ms.
  expect(meter.rate(10_000)).toBeCloseTo(1000, 5);
});
