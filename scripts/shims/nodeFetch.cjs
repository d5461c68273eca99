// TensorFlow.js requires `node-fetch` only to load models over HTTP, which this project never does; Node >= 18
// has a built-in fetch, so the bundles use it instead of carrying node-fetch (about 300 kB).
module.exports = globalThis.fetch;
