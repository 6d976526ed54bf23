import Foundation
import DossierStore

/// The OpenAPI 3.1 document of `/api/v1`, built from `Endpoints.all` (so it lists exactly the
/// routes served) and the schemas of the API's bodies. `Docs/openapi.json` is this document,
/// kept in the repository; a test fails when the two differ.
package enum OpenAPIDocument {
    /// The document as pretty-printed JSON with sorted keys.
    package static func json() -> Data {
        (try? JSONSerialization.data(withJSONObject: document(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    static func document() -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for endpoint in Endpoints.all {
            var operation: [String: Any] = ["operationId": endpoint.operationID, "summary": endpoint.summary]
            var parameters: [[String: Any]] = endpoint.pathParameters.map { name in
                ["name": name, "in": "path", "required": true, "schema": ["type": ["session", "task", "dossier", "fine", "loan"].contains(name) ? "integer" : "string"]]
            }
            parameters += endpoint.query.map { ["name": $0.name, "in": "query", "required": false, "description": $0.description, "schema": ["type": $0.type]] }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let schema = endpoint.requestSchema {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]]
            }
            var responses: [String: Any] = [:]
            var success: [String: Any] = ["description": "Done."]
            if let schema = endpoint.success.schema {
                success["content"] = ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]
            } else if endpoint.successContentType != "application/json" {
                success["content"] = [endpoint.successContentType: ["schema": ["type": "string"]], "text/html": ["schema": ["type": "string"]]]
            }
            responses[String(endpoint.success.status)] = success
            let problems = endpoint.authenticated ? ["400", "401", "403", "404", "409", "422", "503"] : ["400", "401", "429", "503"]
            for status in problems { responses[status] = ["$ref": "#/components/responses/Problem"] }
            operation["responses"] = responses
            if endpoint.authenticated { operation["security"] = [["bearer": [String]()]] }
            paths["/api/v1" + endpoint.path, default: [:]][endpoint.method.rawValue.lowercased()] = operation
        }
        paths["/api/v1/openapi.json"] = ["get": ["operationId": "openAPIDocument", "summary": "This document.",
                                                 "responses": ["200": ["description": "The OpenAPI document.", "content": ["application/json": [:]]]]]]
        return [
            "openapi": "3.1.0",
            "info": ["title": "Dossier", "version": "1",
                     "description": "The trusted service of a Dossier store. Refusals are RFC 9457 problems whose `exit` is the CLI's exit status."],
            "paths": paths,
            "components": ["schemas": schemas.merging(lendingSchemas) { first, _ in first }, "responses": ["Problem": [
                "description": "A refusal (RFC 9457).",
                "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]],
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        ]
    }

    static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required, "additionalProperties": false]
    }

    static var text: [String: Any] { ["type": "string"] }
    static var optionalText: [String: Any] { ["type": ["string", "null"]] }
    static var moment: [String: Any] { ["type": "string", "format": "date-time"] }
    static var optionalMoment: [String: Any] { ["type": ["string", "null"], "format": "date-time"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static func list(_ item: [String: Any]) -> [String: Any] { ["type": "array", "items": item] }
    static func reference(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    static var schemas: [String: Any] {
        let session = object(["id": integer, "staff": text, "created_at": moment, "last_used_at": moment, "idle_expires_at": moment,
                              "expires_at": moment, "client": optionalText],
                             required: ["id", "staff", "created_at", "last_used_at", "idle_expires_at", "expires_at"])
        let staff = object(["id": text, "name": text, "roles": list(text), "department": optionalText, "active": ["type": "boolean"]],
                           required: ["id", "name", "roles", "active"])
        let task = object(["task": integer, "dossier": integer, "number": integer, "workflow": text, "workflow_version": integer, "state": text,
                           "role": optionalText, "assignee": optionalText, "opened_at": moment, "due_at": optionalMoment,
                           "closed_at": optionalMoment, "closed_by": optionalText, "action": optionalText],
                          required: ["task", "dossier", "number", "workflow", "workflow_version", "state", "opened_at"])
        return [
            "LoginRequest": object(["user": text, "password": text, "client": optionalText], required: ["user", "password"]),
            "LoginResponse": object(["token": text, "session": reference("Session")], required: ["token", "session"]),
            "Session": session,
            "SessionList": list(reference("Session")),
            "Staff": staff,
            "StaffList": list(reference("Staff")),
            "NewStaffRequest": object(["id": text, "name": text, "roles": list(text), "department": optionalText], required: ["id", "name", "roles"]),
            "Task": task,
            "TaskList": list(reference("Task")),
            "AdvanceRequest": object(["action": text, "note": optionalText, "fields": ["type": ["object", "null"], "additionalProperties": text]],
                                     required: ["action"]),
            "AdvanceResponse": object([
                "actor": text, "dossier": integer, "action": text, "signed_roles": list(text),
                "waiting_for": list(reference("AwaitedSignature")),
                "completing_role": optionalText, "new_state": optionalText, "archive_number": optionalText,
                "opened_task": ["oneOf": [reference("Task"), ["type": "null"]]], "finished": ["type": "boolean"],
                "recorded_duty": optionalText,
                "closed_as": optionalText,
            ], required: ["actor", "dossier", "action", "signed_roles", "waiting_for", "finished"]),
            "StartRequest": object(["workflow": text, "fields": ["type": "object", "additionalProperties": text],
                                    "assignments": ["type": "object", "additionalProperties": text]],
                                   required: ["workflow", "fields", "assignments"]),
            "StartResponse": object(["dossier": integer, "workflow": text, "workflow_version": integer, "state": text,
                                     "task": ["oneOf": [reference("Task"), ["type": "null"]]]],
                                    required: ["dossier", "workflow", "workflow_version", "state"]),
            "Dossier": object(["dossier": integer, "workflow": text, "workflow_version": integer, "state": text, "finished": ["type": "boolean"],
                               "fields": ["type": "object", "additionalProperties": text],
                               "assignments": ["type": "object", "additionalProperties": text], "archive_number": optionalText],
                              required: ["dossier", "workflow", "workflow_version", "state", "finished", "fields", "assignments"]),
            "ChecklistItem": object([
                "section": text, "item": text, "title": text, "kind": text, "required": ["type": "boolean"], "signatures_required": list(text),
                "recorded": ["type": "boolean"], "pages": ["type": ["integer", "null"]], "signatures_present": list(text),
                "missing": ["type": "boolean"], "verification": ["type": ["string", "null"], "enum": ["unchecked", "ok", "defect", NSNull()]],
                "verified_by": optionalText, "defect": optionalText, "recorded_by": optionalText,
            ], required: ["section", "item", "title", "kind", "required", "signatures_required", "recorded", "signatures_present", "missing"]),
            "Checklist": list(reference("ChecklistItem")),
            "RecordItemRequest": object(["pages": ["type": ["integer", "null"], "minimum": 0], "signatures": ["type": ["array", "null"], "items": text],
                                         "missing": ["type": "boolean"]], required: ["missing"]),
            "VerifyItemRequest": object(["defect": optionalText], required: []),
            "Event": object(["seq": integer, "task": ["type": ["integer", "null"]], "at": moment, "actor": text, "kind": text, "action": optionalText, "from_state": optionalText,
                             "to_state": optionalText, "note": optionalText, "details": ["type": "object", "additionalProperties": text], "hash": text],
                            required: ["seq", "at", "actor", "kind", "details", "hash"]),
            "History": list(reference("Event")),
            "Fine": object([
                "fine": integer, "occurred_at": moment, "payer": text, "rule": text, "rule_title": text, "dossier": ["type": ["integer", "null"]],
                "task": ["type": ["integer", "null"]], "item": optionalText, "amount": ["type": "number"], "base_amount": ["type": "number"],
                "nth": ["type": ["integer", "null"]], "factor": ["type": "number"], "escalates": ["type": "boolean"],
                "status": ["type": "string", "enum": ["due", "capped", "waived"]], "workflow": text, "workflow_version": integer,
                "calendar": optionalText, "provisional": ["type": "boolean"], "due_at": optionalMoment, "reason": text,
                "waived_by": optionalText, "waived_at": optionalMoment, "waiver_reason": optionalText, "recorded_by": optionalText,
            ], required: ["fine", "occurred_at", "payer", "rule", "rule_title", "amount", "base_amount", "factor", "escalates", "status",
                          "workflow", "workflow_version", "provisional", "reason"]),
            "FineList": list(reference("Fine")),
            "WaiveRequest": object(["reason": text], required: ["reason"]),
            "SettlementRequest": object(["fines": ["type": ["array", "null"], "items": integer], "person": optionalText,
                                         "through": ["type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}$"], "note": ["type": "string", "minLength": 1]],
                                        required: ["note"]),
            "FineSettlements": list(object(["fine": integer, "at": ["type": "string", "format": "date-time"], "by": text, "note": text],
                                           required: ["fine", "at", "by", "note"])),
            "RecordFineRequest": object(["rule": text, "workflow": optionalText, "person": text, "reason": text,
                                         "amount": ["type": ["number", "null"]], "dossier": ["type": ["integer", "null"]],
                                         "assignments": ["type": ["object", "null"], "additionalProperties": text]],
                                        required: ["rule", "person", "reason"]),
            "RecordedFine": object(["fine": reference("Fine"), "restoration": ["oneOf": [reference("StartResponse"), ["type": "null"]]]],
                                   required: ["fine"]),
            "Clock": object(["at": moment, "simulation": ["type": "boolean"]], required: ["at", "simulation"]),
            "ClockRequest": object(["at": moment], required: ["at"]),
            "BackupRequest": object(["name": text], required: ["name"]),
            "Backup": object(["path": text, "events": integer, "head": text, "checkpoints": integer, "duties": list(reference("MetDuty"))],
                             required: ["path", "events", "head", "checkpoints", "duties"]),
            "MetDuty": object(["task": integer, "dossier": integer, "workflow": text, "action": text], required: ["task", "dossier", "workflow", "action"]),
            "Tick": object(["at": moment,
                            "started": list(object(["dossier": integer, "workflow": text, "department": optionalText, "due_on": text,
                                                    "task": reference("Task")], required: ["dossier", "workflow", "due_on"])),
                            "duties_opened": integer, "tasks_checked": integer, "deadlines_checked": integer, "newly_overdue": integer,
                            "assessed": list(integer), "fines": list(reference("Fine")), "problems": list(text)],
                           required: ["at", "started", "duties_opened", "tasks_checked", "deadlines_checked", "newly_overdue", "assessed", "fines", "problems"]),
            "RegisterLine": object([
                "archive_number": text, "dossier": integer, "workflow": text, "workflow_version": integer,
                "fields": list(object(["field": text, "title": text, "value": optionalText], required: ["field", "title"])),
                "people": list(object(["role": text, "title": text, "person": optionalText], required: ["role", "title"])),
                "started_at": moment, "registered_at": moment,
                "items": integer, "pages": integer,
                "contracts": list(object(["number": text, "item": text, "title": text], required: ["number", "item", "title"])),
                "destroyed_at": optionalMoment, "destroyed_by": optionalText, "destruction_list": ["type": ["integer", "null"]],
            ], required: ["archive_number", "dossier", "workflow", "workflow_version", "fields", "people", "started_at", "registered_at",
                         "items", "pages", "contracts"]),
            "Register": list(reference("RegisterLine")),
            "ExtendRequest": object(["until": ["type": "string", "format": "date"], "reason": text], required: ["until", "reason"]),
            "Extension": object(["task": integer, "due_at": optionalMoment, "previous_due_at": optionalMoment], required: ["task"]),
            "PasswordRequest": object(["password": ["type": "string", "minLength": 10]], required: ["password"]),
            "Checkpoint": object(["sequence": integer, "head": text, "at": moment, "public_key": text, "signature": text],
                                 required: ["sequence", "head", "at", "public_key", "signature"]),
            "AuditRequest": object(["checkpoint": ["oneOf": [reference("Checkpoint"), ["type": "null"]]]], required: []),
            "Audit": object(["events_checked": integer, "checkpoints_checked": integer, "problems": list(text)],
                            required: ["events_checked", "checkpoints_checked", "problems"]),
            "DeployRequest": object(["files": ["type": "array", "minItems": 1,
                                               "items": object(["name": text, "source": text], required: ["name", "source"])]],
                                    required: ["files"]),
            "DefinitionVersion": object(["kind": ["type": "string", "enum": DefinitionKind.allCases.map(\.rawValue)], "id": text, "title": text, "version": integer,
                                         "deployed_at": moment, "sha256": text,
                                         "outcome": ["type": ["string", "null"], "enum": ["deployed", "unchanged", NSNull()]]],
                                        required: ["kind", "id", "title", "version", "deployed_at", "sha256"]),
            "DefinitionList": list(reference("DefinitionVersion")),
            "TaskDetails": object([
                "task": reference("Task"), "workflow": text, "workflow_version": integer, "dossier_state": text, "dossier_finished": ["type": "boolean"],
                "assignments": ["type": "object", "additionalProperties": text],
                "actions": list(object([
                    "action": text, "target": text, "by": optionalText,
                    "sign_off": list(object(["role": text, "awaiting": optionalText, "signed_by": optionalText], required: ["role"])),
                    "guards": list(text), "needs_note": ["type": "boolean"],
                ], required: ["action", "target", "sign_off", "guards", "needs_note"])),
            ], required: ["task", "workflow", "workflow_version", "dossier_state", "dossier_finished", "assignments", "actions"]),
            "AddCertificateRequest": object(["kind": text, "number": text, "quantity": ["type": "integer", "minimum": 1]],
                                            required: ["kind", "number", "quantity"]),
            "CertificateList": object([
                "dossier": integer, "list": ["type": ["integer", "null"]],
                "lines": list(object(["kind": text, "number": text, "quantity": integer], required: ["kind", "number", "quantity"])),
                "signatures": ["type": "object", "additionalProperties": text], "handed_over_at": optionalMoment, "keeper": optionalText,
                "signed_as": optionalText, "cleared": optionalText, "awaited": list(text),
            ], required: ["dossier", "lines", "signatures", "awaited"]),
            "AwaitedSignature": object(["action": text, "role": text, "person": optionalText], required: ["action", "role"]),
            "Pending": object(["task": reference("Task"), "working_days_overdue": ["type": ["integer", "null"]],
                               "waiting_for": list(reference("AwaitedSignature")), "approvers": list(text), "open_to": list(text)],
                              required: ["task", "waiting_for", "approvers", "open_to"]),
            "PendingList": list(reference("Pending")),
            "Problem": object(["type": text, "title": text, "status": integer, "detail": text, "exit": integer,
                               "facts": ["type": ["object", "null"], "additionalProperties": text],
                               "diagnostics": ["type": ["array", "null"], "items": text]],
                              required: ["type", "title", "status", "detail", "exit"]),
        ]
    }
}
