import Foundation
import Testing

/// The office in a real browser: headless Chromium, driven through chromedriver, against
/// `dossier serve`. On a machine without Debian's `chromium` and `chromium-driver` these are
/// skipped, but not under CI (`.ci/run` installs both), where their absence fails.
@Suite("The office in a browser", .serialized, .enabled(if: Browser.isInstalled || ProcessInfo.processInfo.environment["CI"] != nil))
struct BrowserTests {
    @Test("a manager logs in, filters what is overdue, opens a review, signs it off, and the store records her signature")
    func managerSignsOff() throws {
        let office = try OfficeInBrowser()
        let browser = try Browser()
        try browser.open(office.url + "/waiting")
        #expect(try browser.currentURL().contains("/login?next=%2Fwaiting"), "a page asked for without a login leads to the login")
        try save(browser, "login", office: office)
        try browser.type("mia", into: "#user")
        try browser.type(OfficeInBrowser.password, into: "#password")
        try browser.submit("form.login button[type=submit]")
        #expect(try browser.currentURL().hasSuffix("/waiting"))
        #expect(try browser.text("h1") == "待我处理")
        #expect(try browser.has("a[href='/dossiers/\(office.review.dossier)']"))

        try browser.click("#overdue")
        try browser.submit("form.filters button[type=submit]")
        #expect(try browser.currentURL().contains("overdue=1"))
        let row = try browser.text("tr.late")
        #expect(row.contains("review") && row.contains("handler: alice") == false, "\(row)")
        #expect(row.contains("manager: mia"), "the row names whose signature is still awaited: \(row)")
        try save(browser, "waiting", office: office)

        try browser.submit("a[href='/dossiers/\(office.review.dossier)']")
        #expect(try browser.text("h1").contains("档案 \(office.review.dossier)"))
        #expect(try browser.has("svg.workflow-graph"), "the workflow is drawn")
        try save(browser, "dossier", office: office)
        let before = try office.revision(of: office.review.dossier)
        try browser.submit("form.action button[name=take][value=approve]")
        #expect(try browser.currentURL().hasSuffix("/dossiers/\(office.review.dossier)?done=approve"))
        #expect(try browser.text("p.notice").contains("approve"))
        #expect(try office.revision(of: office.review.dossier) != before)

        // In the store: mia signed as manager, and the review is done.
        let history = try office.local(["history", String(office.review.dossier)])
        #expect(history.stdout.contains("mia"), "\(history.stdout)")
        let state = try sqliteShell(office.path, "SELECT state_id FROM dossier WHERE id = \(office.review.dossier)")
        #expect(state.trimmingCharacters(in: .whitespacesAndNewlines) == "done")
        let kinds = try sqliteShell(office.path, """
            SELECT kind FROM event WHERE dossier_id = \(office.review.dossier) AND actor = 'mia' AND action = 'approve' ORDER BY seq
            """)
        #expect(kinds.split(separator: "\n") == ["signed", "task-closed", "transitioned"], "mia's signature, then the move it completed: \(kinds)")
    }

    @Test("the GM finds a borrow slip waiting for her approval, reads it although she holds no role in it, and approves it")
    func slipApproval() throws {
        let office = try OfficeInBrowser()
        let gina = try office.browser(as: "gina")
        try gina.open(office.url + "/loans")
        #expect(try gina.has("a[href='/dossiers/\(office.slip)']"), "the slip waits for her")
        try gina.submit("a[href='/dossiers/\(office.slip)']")
        #expect(try gina.text("h1").contains("档案 \(office.slip)"))
        try gina.submit("form.action button[name=take][value=approve]")
        let after = try gina.source()
        #expect(try gina.currentURL().hasSuffix("/dossiers/\(office.slip)?done=approve"), "\(after.prefix(600))")
        let state = try sqliteShell(office.path, "SELECT state_id FROM dossier WHERE id = \(office.slip)")
        #expect(state.trimmingCharacters(in: .whitespacesAndNewlines) != "requested")
        let approver = try sqliteShell(office.path, "SELECT json_extract(snapshot, '$.assignments.approver') FROM dossier WHERE id = \(office.slip)")
        #expect(approver.trimmingCharacters(in: .whitespacesAndNewlines) == "gina")

        // sam, a sales consultant, is no approver of it: he may not read it.
        let sam = try office.browser(as: "sam")
        try sam.open(office.url + "/dossiers/\(office.slip)")
        #expect(try sam.text("p.refusal").contains("sam"))
    }

    @Test("someone without the right sees the refusal in a sentence, and nothing changes")
    func refusals() throws {
        let office = try OfficeInBrowser()
        let (dossier, _) = office.untouched
        let before = try office.revision(of: dossier)

        // alice has signed already: the page says so, in Chinese, and the dossier stays as it was.
        let alice = try office.browser(as: "alice")
        try alice.open(office.url + "/dossiers/\(dossier)")
        try alice.submit("form.action button[name=take][value=approve]")
        let refusal = try alice.text("p.refusal")
        #expect(refusal.contains("alice") && refusal.range(of: "\\p{Han}", options: .regularExpression) != nil, "\(refusal)")
        #expect(try office.revision(of: dossier) == before)

        // bob holds no role in it: he may not even read it.
        let bob = try office.browser(as: "bob")
        try bob.open(office.url + "/dossiers/\(dossier)")
        #expect(try bob.text("p.refusal").contains("bob"))
        #expect(try !bob.has("form.action"))
        #expect(try office.revision(of: dossier) == before)
    }

    @Test("a form with a forged token, or sent from another site with the session's own token, is refused and changes nothing")
    func forgedForms() throws {
        let office = try OfficeInBrowser()
        let (dossier, task) = office.untouched
        let before = try office.revision(of: dossier)
        let mia = try office.browser(as: "mia")
        try mia.open(office.url + "/dossiers/\(dossier)")
        let token = try mia.run("return document.querySelector('form.action input[name=form_token]').value") as? String ?? ""
        #expect(token.count == 64)

        try mia.run("document.querySelectorAll('input[name=form_token]').forEach(function (field) { field.value = '\(String(repeating: "0", count: 64))'; })")
        try mia.submit("form.action button[name=take][value=approve]")
        #expect(try mia.has("p.refusal"))
        #expect(try office.revision(of: dossier) == before)

        // Another origin (a page on disk) posting the same form, even with the right token: the
        // session cookie is not sent across sites, and the origin is not this service's.
        let page = office.folder.path("elsewhere.html")
        try """
            <!DOCTYPE html><html><body>
            <form id="forged" method="post" action="\(office.url)/tasks/\(task)/advance">
              <input type="hidden" name="form_token" value="\(token)"><input type="hidden" name="dossier" value="\(dossier)">
              <input type="hidden" name="action" value="approve"><button type="submit">go</button>
            </form></body></html>
            """.write(toFile: page, atomically: true, encoding: .utf8)
        try mia.open("file://" + page)
        try mia.submit("#forged button")
        let answer = try mia.source()
        #expect(answer.contains("class=\"refusal\""), "\(answer.prefix(400))")
        #expect(try office.revision(of: dossier) == before)
    }

    @Test("the pages speak Chinese by default and English when asked, and the choice is kept")
    func languages() throws {
        let office = try OfficeInBrowser()
        let gina = try office.browser(as: "gina")
        #expect(try gina.run("return document.documentElement.lang") as? String == "zh-CN")
        #expect(try gina.text("h1") == "待我处理")
        try gina.open(office.url + "/waiting?lang=en")
        #expect(try gina.text("h1") == "Waiting for me")
        try gina.open(office.url + "/fines")
        #expect(try gina.run("return document.documentElement.lang") as? String == "en")
        try gina.open(office.url + "/fines?lang=zh-CN")
        #expect(try gina.text("h1").hasPrefix("罚款"))

        // An English browser gets English without choosing.
        let english = try office.browser(as: "carol", language: "en-GB")
        #expect(try english.text("h1") == "Waiting for me")
    }

    @Test("the main pages render for the people who use them, at 1280×800")
    func mainPages() throws {
        let office = try OfficeInBrowser()
        let mia = try office.browser(as: "mia")
        try mia.open(office.url + "/fines?month=2026-03&scope=department")
        #expect(try mia.text("h1").contains("罚款"))
        #expect(try mia.has("table.list"), "sales' fines of March are listed by person")
        try save(mia, "fines", office: office)
        // bob sees what waits for the people of his department, loans: alice's reviews.
        let bob = try office.browser(as: "bob")
        try bob.open(office.url + "/waiting?scope=department")
        #expect(try bob.text("h1").contains("本部门"))
        let waiting = try bob.text("table.list tbody")
        #expect(waiting.contains("alice") && waiting.contains("review"), "\(waiting)")

        let carol = try office.browser(as: "carol")
        try carol.open(office.url + "/dossiers/1")
        #expect(try carol.has("ul.documents a[href^='/documents/item-list']"), "a dossier with a checklist has its item list to print")
        try carol.submit("ul.documents a[href^='/documents/item-list']")
        #expect(try carol.currentURL().contains("/documents/item-list?dossier=1"))
        #expect(try carol.source().contains("鸿借字第001号"), "the printed item list names the dossier's archive number")
        try carol.open(office.url + "/register")
        #expect(try carol.has("table.list"))
        try save(carol, "register", office: office)
        try carol.open(office.url + "/register?number=GY-SH-001")
        #expect(try carol.text("table.list tbody").contains("GY-SH-001"))
        try carol.open(office.url + "/loans")
        #expect(try carol.text("h1") == "借阅")
        #expect(try carol.text("table.list tbody").contains("GY-SH-001"), "bob's slip is a loan of the lending workflow")
        try save(carol, "loans", office: office)
        let gina = try office.browser(as: "gina")
        try gina.open(office.url + "/reports")
        #expect(try gina.has("figure.chart svg"))
        try save(gina, "reports", office: office)
    }

    /// Saves a screenshot and checks it is a 1280×800 PNG.
    private func save(_ browser: Browser, _ name: String, office: OfficeInBrowser) throws {
        let png = try browser.screenshot()
        let size = pngSize(png)
        #expect(size?.width == 1280 && size?.height == 800, "\(name): \(String(describing: size))")
        try png.write(to: URL(fileURLWithPath: office.screenshotPath(name)))
    }
}
