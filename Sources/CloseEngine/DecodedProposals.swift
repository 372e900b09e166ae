import Governance
import LedgerStore

/// The proposals a runner has decoded, one per task: the run reads a task's latest version
/// again before every decision and in every recertification pass, and a large close's
/// proposals are megabytes of JSON each. An entry is used only when the stored payload is
/// byte for byte the one it was decoded from, so a changed row is always decoded afresh.
final class DecodedProposals {
    private var byTask: [String: (version: Int, payload: String, proposal: Proposal)] = [:]

    func proposal(_ record: ProposalRecord) throws -> Proposal {
        if let known = byTask[record.task], known.version == record.version, known.payload == record.payload {
            return known.proposal
        }
        let proposal = try ProposalCodec.decode(record.payload)
        byTask[record.task] = (record.version, record.payload, proposal)
        return proposal
    }
}
