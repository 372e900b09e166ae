/// The scripted humans of `close demo`: identical to Fixtures/decisions/demo.yaml (a test
/// checks), embedded so the demo runs from any directory.
public enum DemoDecisions {
    public static let text = #"""
    # Scripted humans for the demo close (docs/governance.md, "The decisions file").
    # The most specific rule wins: an exact task id, then a task kind, then the longest pattern.
    decisions:
      - {task: cut-off, as: bob, decide: approve, reason: "all entities ready for cut-off", after_hours: 2}
      # Every other step: the controller, with the CFO as the second approver above the
      # policy's two_approvers_above.
      - {task: "*", as: bob, decide: approve, reason: "reviewed the proposal and its evidence", after_hours: 4, second_as: carol}
      # The revaluation: the controller checks the closing rates and the arithmetic of each entry;
      # its entries reverse by themselves when the next close starts.
      - {task: fx-revaluation, as: bob, decide: approve, reason: "closing rates match the rate file; unrealised differences recomputed", after_hours: 3, second_as: carol}
      # Corrections of errors: the controller checks each reversal and re-posting against its
      # source documents; the CFO approves too when they are large.
      - {task: error-resolution, as: bob, decide: approve, reason: "checked each reversal and re-posting against its documents", after_hours: 3, second_as: carol}
      # Intercompany: the controller accepts the proposed counterparts and accruals; the
      # amount disputes stay findings for the partners to settle.
      - {task: intercompany-matching, as: bob, decide: approve, reason: "mirrors and cut-off accruals checked against the issuers' documents; disputes referred to the partners", after_hours: 3, second_as: carol}
      - {task: consolidation, as: bob, decide: approve, reason: "eliminations checked against both sides' translated balances", after_hours: 3, second_as: carol}
      - {task: lock, as: carol, decide: approve, reason: "final review done", after_hours: 3}

    """#
}
