/** Schedule files the `simulate` tests run, as a user would write them. */

/** Five models in Berlin (one in Chicago): daily, weekday and overnight windows, a 10-minute lead time. */
export const FIVE_MODELS = `version: 1
defaults: { region: us-east-1, timezone: Europe/Berlin, leadTime: 10m }
models:
  - { project: line-a, version: "1", windows: [{ days: daily, open: "06:00", close: "14:00" }] }
  - { project: line-b, version: "1", windows: [{ days: Mon-Fri, open: "07:30", close: "19:30" }] }
  - { project: line-c, version: "3", windows: [{ days: daily, open: "09:10", close: "17:50" }] }
  - { project: line-c, version: "2", windows: [{ days: daily, open: "22:00", close: "06:00" }] }
  - { project: line-e, version: "1", timezone: America/Chicago, windows: [{ days: daily, open: "08:00", close: "20:00" }] }
`;

/** FIVE_MODELS and two more: a Saturday morning, and whole weekdays. */
export const SEVEN_MODELS = `${FIVE_MODELS}  - { project: line-e, version: "2", windows: [{ days: Sat, open: "08:00", close: "12:00" }] }
  - { project: line-g, version: "3", windows: [{ days: weekdays, open: "00:00", close: "24:00" }] }
`;
