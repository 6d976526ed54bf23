import DossierDefinition
import Foundation

/// Fines a manager records: violations no sweep can see (an account lent, a dossier copied or
/// taken away, material lost "50 to 500 depending on the case"). The engine checks the rule and
/// the amount; who may record is the office's to decide (the rule's `record-by` roles).
extension WorkflowEngine {
    /// Fine rule `ruleID`, if it is one a manager records by hand.
    public func recordableRule(_ ruleID: String) throws(Refusal) -> FineRule {
        guard let rule = definition.fine(ruleID) else {
            throw .unknownFine(ruleID, workflow: definition.id, known: definition.fines.filter(\.isRecorded).map(\.id))
        }
        guard rule.isRecorded else { throw .notRecordable(fine: rule.id, workflow: definition.id, violation: rule.violation.rawValue) }
        return rule
    }

    /// The fine `recorder` records under rule `ruleID` on `person`, for `reason`, at `time`:
    /// of the rule's fixed amount, or of `amount` within its range; on `dossier` (by its number
    /// `dossierID`) or on none.
    public func recordedFine(_ ruleID: String, on person: StaffMember, by recorder: StaffMember, amount: Decimal?, reason: String,
                             dossierID: Int?, at time: Date) throws(Refusal) -> FineOccurrence {
        let rule = try recordableRule(ruleID)
        guard person.id != recorder.id else { throw .ownFine(person: person.id) }
        guard person.isActive else { throw .departedStaff(person.id) }
        let charged: Decimal
        if let range = rule.range {
            guard let amount, range.contains(amount) else {
                throw .amountOutsideRange(fine: rule.id, amount: amount.map { "\($0)" }, least: "\(range.lowerBound)", most: "\(range.upperBound)")
            }
            charged = amount
        } else {
            if let amount, amount != rule.amount { throw .amountFixed(fine: rule.id, amount: "\(rule.amount)", given: "\(amount)") }
            charged = rule.amount
        }
        // Each recording is its own violation: the moment and the person tell them apart.
        let occasion = "recorded:\(person.id):\(Int64((time.timeIntervalSince1970 * 1000).rounded()))"
        var fine = FineOccurrence(dossierID: dossierID, taskNumber: nil, workflowID: definition.id, workflowVersion: version, rule: rule,
                                  occasion: occasion, payer: person.id, payerRole: FineRule.actorPayer, occurredAt: time, month: month(of: time),
                                  reason: reason)
        fine.baseAmount = charged
        fine.recordedBy = recorder.id
        return fine
    }
}
