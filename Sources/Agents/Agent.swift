// Agents: pure transforms from a ledger snapshot to proposals.
