import Testing

/// The web suites, one at a time: each starts a server (and Chromium), and on two cores they
/// would otherwise time each other out beside the rest of the test run.
@Suite(.serialized) enum WebSuites {}
