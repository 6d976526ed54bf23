import Foundation
import Testing

/// Starting and advancing dossiers through the binary: refusals, time, listings.
@Suite("Dossiers through the binary")
struct DossierFlowTests {
    @Test("start refuses four-eyes, unknown people and bad fields, and stores nothing")
    func startRefusals() throws {
        let store = try StoreFixture()
        let cases: [([String], String)] = [
            (["--assign", "a=alice", "--assign", "b=alice"], "four-eyes: alice cannot be both 'b' and 'a' in one dossier; assign another person"),
            (["--assign", "a=alice", "--assign", "b=zoe"], "nobody called 'zoe' is in the staff directory"),
            (["--assign", "a=alice", "--assign", "b=carol"], "carol cannot be 'b': that role needs staff role handler"),
            (["--assign", "a=alice"], "assign --assign b=USER to start this workflow"),
            (["--assign", "a=alice", "--assign", "b=bob", "--field", "colour=red"], "the workflow has no field 'colour'"),
        ]
        for (arguments, message) in cases {
            let result = try store.run(["start", "ping", "--at", "2026-03-02T09:00"] + arguments)
            #expect(result.status == 1)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        #expect(try store.sqlite("SELECT COUNT(*) FROM dossier;").hasPrefix("0"))
        #expect(try store.run(["audit", "verify"]).status == 0)
    }

    @Test("only known, current staff act")
    func identity() throws {
        let store = try StoreFixture()
        let result = try store.run(["start", "ping", "--assign", "a=alice", "--assign", "b=bob", "--at", "2026-03-02T09:00"], as: "zoe")
        #expect(result.status == 1)
        #expect(result.stderr.contains("zoe is not in the staff directory"))
    }

    @Test("a production store refuses --at; a simulation store refuses time going backwards",
          .enabled(if: !ActorIdentityTests.defaultLogin.isEmpty, "this account has no login name"))
    func time() throws {
        let production = try StoreFixture(simulation: false)
        let refused = try DossierProcess.run(["start", "ping", "--assign", "a=alice", "--assign", "b=bob", "--at", "2026-03-02T09:00",
                                              "--store", production.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--at is only accepted by simulation stores"))

        let simulation = try StoreFixture()
        _ = try simulation.startPing(at: "2026-03-05T09:00")
        let backwards = try simulation.run(["start", "ping", "--assign", "a=alice", "--assign", "b=bob", "--at", "2026-03-04T09:00"])
        #expect(backwards.status == 1)
        #expect(backwards.stderr.contains("time never goes backwards in a store"))
        let badTime = try simulation.run(["task", "list", "--at", "yesterday"])
        #expect(badTime.status == 64)
    }

    @Test("advance checks the person and the action, and a closed task says who closed it")
    func advanceRefusals() throws {
        let store = try StoreFixture()
        let task = try store.startPing()
        let wrongPerson = try store.run(["task", "advance", String(task), "ping", "--at", "2026-03-02T10:00"], as: "bob")
        #expect(wrongPerson.status == 1)
        #expect(wrongPerson.stderr.contains("bob cannot take 'ping': it is for a (alice)"))
        let wrongAction = try store.run(["task", "advance", String(task), "pang", "--at", "2026-03-02T10:00"])
        #expect(wrongAction.stderr.contains("'pang' is not an action of state 'one'; the actions are ping, stop"))
        #expect(try store.run(["task", "advance", String(task), "ping", "--at", "2026-03-02T10:00"]).status == 0)
        let again = try store.run(["task", "advance", String(task), "ping", "--at", "2026-03-02T10:01"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("task \(task) is already done: alice took 'ping' at 2026-03-02 10:00"))
    }

    @Test("pending lists open tasks oldest first with stable JSON keys and overdue days")
    func pending() throws {
        let store = try StoreFixture()
        _ = try store.startPing(at: "2026-03-02T09:00")
        _ = try store.startPing(at: "2026-03-03T09:00")
        let json = try store.run(["pending", "--format", "json", "--at", "2026-03-10T09:00"])
        #expect(json.status == 0, "\(json.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["dossier"] as? Int } == [1, 2])
        #expect(Set(rows[0].keys) == ["task", "dossier", "workflow", "state", "role", "assignee", "opened_at", "due_at", "status",
                                      "age_days", "working_days_overdue", "waiting_for"])
        #expect(rows[0]["due_at"] as? String == "2026-03-04T23:59:59+08:00")
        #expect(rows[0]["status"] as? String == "overdue")
        #expect(rows[0]["age_days"] as? Int == 8)
        let overdue = try store.run(["pending", "--overdue", "--format", "csv", "--at", "2026-03-05T09:00"])
        #expect(overdue.stdout.split(separator: "\r\n").count == 2)  // header and dossier 1 only
        let mine = try store.run(["pending", "--user", "bob", "--format", "json", "--at", "2026-03-10T09:00"])
        #expect(mine.stdout == "[]\n")
    }

    @Test("workflow show counts dossiers on each version")
    func versionCounts() throws {
        let store = try StoreFixture()
        _ = try store.startPing()
        let task = try store.startPing(at: "2026-03-02T09:05")
        #expect(try store.run(["task", "advance", String(task), "stop", "--at", "2026-03-02T09:10"]).status == 0)
        let shown = try store.run(["workflow", "show", "ping"])
        #expect(shown.stdout.contains("1  ") && shown.stdout.contains("1 running, 1 finished"), "\(shown.stdout)")
    }
}

/// `dossier task extend` through the binary.
@Suite("Extending deadlines through the binary")
struct ExtendTests {
    @Test("granted to the approver and shown in pending and history; refused to the handler")
    func extend() throws {
        let store = try StoreFixture(workflows: DossierProcess.packageRoot.appendingPathComponent("Workflows").path)
        #expect(try store.run(["staff", "add", "gina", "--name", "Gina", "--role", "gm", "--at", "2026-03-02T08:10"]).status == 0)
        let started = try store.run(["start", "loan-intake", "--field", "customer=Hongda", "--field", "project=P-1", "--field", "ended-on=2026-03-02",
                                     "--assign", "a=alice", "--assign", "b=bob", "--assign", "archivist=carol", "--assign", "approver=gina",
                                     "--at", "2026-03-02T09:00"])
        #expect(started.status == 0, "\(started.stderr)")
        let refused = try store.run(["task", "extend", "1", "--until", "2026-03-10", "--reason", "busy", "--at", "2026-03-03T09:00"], as: "alice")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("alice cannot take 'extend the deadline': it is for approver (gina)"))
        let granted = try store.run(["task", "extend", "1", "--until", "2026-03-10", "--reason", "customer abroad", "--at", "2026-03-03T09:00"], as: "gina")
        #expect(granted.status == 0, "\(granted.stderr)")
        #expect(granted.stdout == "task 1: due 2026-03-10 23:59 (was 2026-03-05 23:59)\n")
        let history = try store.run(["history", "1"])
        #expect(history.stdout.contains("gina  extended the deadline to the end of 2026-03-10 — \"customer abroad\""))
        let noReason = try store.run(["task", "extend", "1", "--until", "2026-03-12", "--reason", " ", "--at", "2026-03-03T09:05"], as: "gina")
        #expect(noReason.status == 64)
    }
}

/// Sign-offs waiting for someone show up in their `pending`.
@Suite("Pending sign-offs through the binary")
struct PendingSignOffTests {
    @Test("after x signs, the task waits for y and appears in y's pending with what is awaited")
    func waitingForSignature() throws {
        let store = try StoreFixture()
        let started = try store.run(["start", "sign", "--assign", "x=alice", "--assign", "y=bob", "--at", "2026-03-02T09:00"])
        #expect(started.status == 0, "\(started.stderr)")
        let before = try store.run(["pending", "--user", "bob", "--format", "json", "--at", "2026-03-02T09:01"])
        #expect(before.stdout == "[]\n")
        let signed = try store.run(["task", "advance", "1", "approve", "--at", "2026-03-02T09:05"])
        #expect(signed.stdout == "alice signed 'approve' as x on dossier 1\n'approve' now waits for: y (bob)\n")
        let after = try store.run(["pending", "--user", "bob", "--format", "json", "--at", "2026-03-02T09:06"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["waiting_for"] as? String == "y (bob) to sign approve")
        #expect(rows.first?["assignee"] as? String == "alice")
        let done = try store.run(["task", "advance", "1", "approve", "--at", "2026-03-02T09:10"], as: "bob")
        #expect(done.stdout.contains("dossier 1: approve → done"))
        #expect(try store.run(["pending", "--format", "json", "--at", "2026-03-02T09:11"]).stdout == "[]\n")
    }
}
