import Foundation

extension OpenAPIDocument {
    /// The bodies added with the archive: borrowing, custody and views, the safe, definitions, staff details and reports.
    static var lendingSchemas: [String: Any] {
        let boolean: [String: Any] = ["type": "boolean"]
        let optionalTask: [String: Any] = ["oneOf": [reference("Task"), ["type": "null"]]]
        let entry = object(["id": text, "title": text, "value": text], required: ["id", "title", "value"])
        return [
            "LoanRequest": object(["archive_number": text, "purpose": ["type": "string", "minLength": 1], "until": ["type": "string", "format": "date"],
                                   "take_away": boolean, "material": list(text), "archivist": optionalText, "workflow": optionalText],
                                  required: ["archive_number", "purpose", "until", "take_away", "material"]),
            "LoanRequestResponse": object(["loan": integer, "archive_number": text, "level": text, "borrower": text, "until": text,
                                           "take_away": boolean, "material": list(text), "direct_reason": optionalText, "approvers": list(text),
                                           "opened_task": optionalTask, "approval_step": optionalText],
                                          required: ["loan", "archive_number", "level", "borrower", "until", "take_away", "material", "approvers"]),
            "LoanNote": object(["note": optionalText], required: []),
            "RenewRequest": object(["until": ["type": "string", "format": "date"], "reason": ["type": "string", "minLength": 1]],
                                   required: ["until", "reason"]),
            "ReturnRequest": object(["missing": list(text), "damaged": list(text),
                                     "pages": ["type": "object", "additionalProperties": ["type": "integer", "minimum": 0]]],
                                    required: ["missing", "damaged", "pages"]),
            "LoanChange": object([
                "loan": integer, "action": text, "state": text, "opened_task": optionalTask, "closed": boolean, "renewed_until": optionalText,
                "renewal": optionalText, "approvers": ["type": ["array", "null"], "items": text], "approval_step": optionalText,
                "fines": list(object(["payer": text, "amount": ["type": "number"], "rule": text, "reason": text],
                                     required: ["payer", "amount", "rule", "reason"])),
            ], required: ["loan", "action", "state", "closed", "fines"]),
            "Loan": object(["loan": integer, "archive_number": optionalText, "level": optionalText, "borrower": text, "approver": optionalText,
                            "state": text, "take_away": boolean, "purpose": text, "requested_at": moment, "due_at": optionalMoment, "overdue": boolean],
                           required: ["loan", "borrower", "state", "take_away", "purpose", "requested_at", "overdue"]),
            "LoanList": list(reference("Loan")),
            "Custody": object([
                "archive_number": text, "dossier": integer,
                "now": object(["place": ["type": "string", "enum": ["archive", "lent", "incomplete"]], "loan": ["type": ["integer", "null"]],
                               "borrower": optionalText, "taken_away": ["type": ["boolean", "null"]], "since": optionalMoment,
                               "due_at": optionalMoment], required: ["place"]),
                "loans": list(object([
                    "loan": integer, "borrower": text, "purpose": text, "until": optionalText, "state": text,
                    "steps": list(object(["what": text, "at": moment, "by": text, "note": optionalText], required: ["what", "at", "by"])),
                ], required: ["loan", "borrower", "purpose", "steps", "state"])),
                "custodian": optionalText, "department": optionalText,
                "transfers": list(object(["at": moment, "from": text, "to": text, "department": optionalText, "transfer": ["type": ["integer", "null"]]],
                                         required: ["at", "from", "to"])),
            ], required: ["archive_number", "dossier", "now", "loans"]),
            "DefinitionDetail": object([
                "version": reference("DefinitionVersion"), "source": text, "versions": list(reference("DefinitionVersion")),
                "counts": list(object(["version": integer, "running": integer, "finished": integer], required: ["version", "running", "finished"])),
            ], required: ["version", "source", "versions", "counts"]),
            "HoldingsPart": object(["dossier": integer, "workflow": text, "role": text, "state": text, "archive_number": optionalText,
                                    "duties_only": boolean], required: ["dossier", "workflow", "role", "state", "duties_only"]),
            "Holdings": object(["person": text, "roles": list(reference("HoldingsPart")), "loans": list(reference("HoldingsPart")),
                                "certificates": list(text), "fines": list(integer), "fines_due": ["type": "number"], "customers": list(text),
                                "still_held": list(text)],
                               required: ["person", "roles", "loans", "certificates", "fines", "fines_due", "customers", "still_held"]),
            "DepartureRequest": object(["successor": text, "supervisor": optionalText], required: ["successor"]),
            "Departure": object(["dossier": integer, "task": optionalTask, "holdings": reference("Holdings")], required: ["dossier", "holdings"]),
            "TransferRequest": object(["to": optionalText, "dossier": ["type": ["integer", "null"]]], required: []),
            "TransferList": list(object(["dossier": integer, "workflow": text, "role": text, "from": text, "to": text],
                                        required: ["dossier", "workflow", "role", "from", "to"])),
            "DeactivationRequest": object(["reason": ["type": "string", "minLength": 1]], required: ["reason"]),
            "DestructionCandidates": list(object(["archive_number": text, "dossier": integer, "workflow": text, "registered_at": moment,
                                                  "kept_until": ["type": "string", "format": "date"], "obstacles": list(text)],
                                                 required: ["archive_number", "dossier", "workflow", "registered_at", "kept_until", "obstacles"])),
            "CertificateMoveRequest": object(["to": ["type": "string", "minLength": 1], "list": ["type": ["integer", "null"]], "note": optionalText],
                                             required: ["to"]),
            "CertificateMove": object(["dossier": integer, "lists": list(integer), "from": list(text), "to": text, "returned": boolean],
                                      required: ["dossier", "lists", "from", "to", "returned"]),
            "CustomerExport": object([
                "customer": text, "exported_at": moment, "exported_by": text,
                "dossiers": list(object([
                    "dossier": integer, "workflow": text, "workflow_title": text, "archive_number": optionalText, "state": text, "version": integer,
                    "fields": ["type": "object", "additionalProperties": text], "people": ["type": "object", "additionalProperties": text],
                    "items": list(object(["item": text, "title": text, "pages": integer], required: ["item", "title", "pages"])),
                    "history": list(object(["at": moment, "actor": text, "kind": text, "note": optionalText,
                                            "details": ["type": "object", "additionalProperties": text]], required: ["at", "actor", "kind", "details"])),
                ], required: ["dossier", "workflow", "workflow_title", "state", "version", "fields", "people", "items", "history"])),
            ], required: ["customer", "exported_at", "exported_by", "dossiers"]),
            "LegalHoldRequest": object(["reason": ["type": "string", "minLength": 1], "release": ["type": ["boolean", "null"]]], required: ["reason"]),
            "LegalHold": object(["archive_number": text, "dossier": integer, "held": boolean], required: ["archive_number", "dossier", "held"]),
            "StaffDetail": object(["staff": reference("Staff"), "open_tasks": list(reference("Task"))], required: ["staff", "open_tasks"]),
            "PerformanceLine": object([
                "scope": ["type": "string", "enum": ["department", "person"]], "name": text, "department": optionalText,
                "deadlines": integer, "on_time": integer, "on_time_percent": ["type": ["number", "null"]], "reviews": integer, "complete": integer,
                "complete_percent": ["type": ["number", "null"]], "duties": integer, "duties_on_time": integer,
                "duties_on_time_percent": ["type": ["number", "null"]], "performance_cut": optionalText,
            ], required: ["scope", "name", "deadlines", "on_time", "duties", "duties_on_time", "reviews", "complete"]),
            "PerformanceReport": list(reference("PerformanceLine")),
            "Certificate": object(["archive_number": optionalText, "dossier": integer, "kind": text, "title": text, "number": text,
                                   "quantity": integer, "list": integer, "signed_by": text, "handed_over_at": optionalMoment, "keeper": optionalText],
                                  required: ["dossier", "kind", "title", "number", "quantity", "list", "signed_by"]),
            "CertificateBook": list(reference("Certificate")),
            "DossierView": object([
                "archive_number": text, "dossier": integer, "workflow": text, "workflow_version": integer, "workflow_title": text, "reader": text,
                "right": text, "level": text, "department": optionalText, "state": text, "fields": list(entry), "roles": list(entry),
                "items": list(object(["item": text, "title": text, "pages": integer], required: ["item", "title", "pages"])),
                "version": integer, "latest_version": integer,
            ], required: ["archive_number", "dossier", "workflow", "workflow_version", "workflow_title", "reader", "right", "level", "state",
                          "fields", "roles", "items", "version", "latest_version"]),
        ]
    }
}
