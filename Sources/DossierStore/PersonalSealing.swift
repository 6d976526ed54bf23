import Crypto
import DossierDefinition
import DossierEngine
import Foundation

/// Personal fields sealed under their customer's key (crypto-shredding). A workflow's personal
/// fields (`personal="true"`) never reach the file in clear: the dossier's snapshot and the
/// details of its events hold `sealed:v1:KEY:…`, the value sealed with AES-GCM under the key of
/// the customer the dossier names. Erasing the customer destroys their keys: the events keep
/// their bytes, so the hash chain still verifies, and every sealed value then reads as
/// "erased on DATE by WHOM under request N".
///
/// A customer's keys are found by a keyed hash of their name (`customer_key.ref`), never by
/// the name itself, which may be personal too. The keys live in the store, read and written
/// through a ``SealingKeyring`` in the transaction under way.
package struct PersonalSealing {
    package static let prefix = "sealed:v1:"

    let keyring: any SealingKeyring
    /// Keys read so far, by id: the key, or the sentence an erased one reads as.
    private var keys: [Int64: Result<SymmetricKey, ErasedKey>] = [:]

    /// What a value sealed under an erased key reads as.
    struct ErasedKey: Error {
        static let opening = "erased on "
        static let request = " under request "
        let sentence: String
    }

    package init(_ keyring: any SealingKeyring) {
        self.keyring = keyring
    }

    /// The keyed hash by which a customer's keys are found: the name with its spaces collapsed
    /// and its letters in lower case, so "Level Co" and "level  co" are one customer.
    package static func reference(of customer: String, secret: Data) -> String {
        let name = customer.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        let code = HMAC<SHA256>.authenticationCode(for: Data(name.utf8), using: SymmetricKey(data: secret))
        return EventChain.hex(code)
    }

    /// The key sealing `dossier`'s personal fields: its customer's current key, created the
    /// first time (or after an erasure, a new one), and noted as one of the dossier's keys.
    mutating func key(for dossier: Dossier, at time: Date) throws -> (id: Int64, key: SymmetricKey) {
        let reference = Self.reference(of: dossier.fields[Field.customerID] ?? "", secret: try keyring.referenceSecret())
        let id: Int64
        let key: SymmetricKey
        if let found = try keyring.currentKey(reference: reference) {
            id = found.id
            key = SymmetricKey(data: found.key)
        } else {
            key = SymmetricKey(size: .bits256)
            id = try keyring.addKey(reference: reference, key: key.withUnsafeBytes { Data($0) }, at: StoredTime.text(time))
        }
        try keyring.attach(key: id, to: dossier.id)
        keys[id] = .success(key)
        return (id, key)
    }

    /// `value` of field `field` sealed under `key`: the field's id is authenticated with it,
    /// so a sealed value moved to another field does not open.
    static func seal(_ value: String, field: String, key: (id: Int64, key: SymmetricKey)) throws -> String {
        let box = try AES.GCM.seal(Data(value.utf8), using: key.key, authenticating: Data(field.utf8))
        guard let combined = box.combined else { throw StoreError.writeFailed(path: "", cause: "AES-GCM gave no sealed box") }
        return "\(prefix)\(key.id):\(combined.base64EncodedString())"
    }

    /// `text` opened: a sealed value's clear text, the sentence an erased one reads as, or any
    /// other text as it is.
    mutating func open(_ text: String, field: String) throws -> String {
        guard text.hasPrefix(Self.prefix) else { return text }
        let rest = text.dropFirst(Self.prefix.count)
        guard let colon = rest.firstIndex(of: ":"), let id = Int64(rest[..<colon]),
              let combined = Data(base64Encoded: String(rest[rest.index(after: colon)...])) else {
            throw StoreError.unreadable(path: "", reason: "a sealed value of field \(field) is damaged")
        }
        switch try keyState(id) {
        case .failure(let erased):
            return erased.sentence
        case .success(let key):
            do {
                let box = try AES.GCM.SealedBox(combined: combined)
                return String(decoding: try AES.GCM.open(box, using: key, authenticating: Data(field.utf8)), as: UTF8.self)
            } catch {
                throw StoreError.unreadable(path: "", reason: "a sealed value of field \(field) does not open under its key (\(error))")
            }
        }
    }

    private mutating func keyState(_ id: Int64) throws -> Result<SymmetricKey, ErasedKey> {
        if let known = keys[id] { return known }
        guard let stored = try keyring.key(id) else {
            throw StoreError.unreadable(path: "", reason: "customer key \(id) is missing")
        }
        let state: Result<SymmetricKey, ErasedKey>
        switch stored {
        case .kept(let bytes):
            state = .success(SymmetricKey(data: bytes))
        case .erased(let on, let by, let request):
            state = .failure(ErasedKey(sentence: "\(ErasedKey.opening)\(on ?? "?") by \(by ?? "?")\(ErasedKey.request)\(request ?? "?")"))
        }
        keys[id] = state
        return state
    }

    // MARK: Dossiers and events

    /// `dossier` with its personal fields sealed, as its snapshot is written.
    package mutating func sealed(_ dossier: Dossier, at time: Date) throws -> Dossier {
        let personal = try keyring.personalFields(workflow: dossier.workflowID, version: dossier.workflowVersion)
        let clear = personal.filter { dossier.fields[$0].map(Self.needsSealing) == true }
        guard !clear.isEmpty, Self.namesCustomer(dossier) else { return dossier }
        let key = try key(for: dossier, at: time)
        var sealed = dossier
        for field in clear {
            guard let value = dossier.fields[field] else { continue }
            sealed.fields[field] = try Self.seal(value, field: field, key: key)
        }
        return sealed
    }

    /// Whether `dossier` names a customer whose key can seal it: one naming none (a correction
    /// of a dossier that keeps no customer) keeps its personal fields unsealed.
    static func namesCustomer(_ dossier: Dossier) -> Bool {
        guard let customer = dossier.fields[Field.customerID] else { return false }
        return needsSealing(customer) && !customer.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// Whether a personal field's value is still to seal: not sealed already, and not what an
    /// erased one reads as (which is no one's data, and must not get a key of its own).
    package static func needsSealing(_ value: String) -> Bool {
        !value.hasPrefix(prefix) && !(value.hasPrefix(ErasedKey.opening) && value.contains(ErasedKey.request))
    }

    /// `events` of `dossier` with the values of its personal fields in their details sealed:
    /// `field:F` of a start or a change, `before:F` and `after:F` of a correction.
    package mutating func sealed(_ events: [DossierEvent], of dossier: Dossier, at time: Date) throws -> [DossierEvent] {
        let personal = Set(try keyring.personalFields(workflow: dossier.workflowID, version: dossier.workflowVersion))
        guard !personal.isEmpty, Self.namesCustomer(dossier) else { return events }
        var key: (id: Int64, key: SymmetricKey)?
        return try events.map { event in
            var sealed = event
            for (name, value) in event.details {
                guard let field = Self.field(ofDetail: name), personal.contains(field), Self.needsSealing(value) else { continue }
                let current = try key ?? self.key(for: dossier, at: time)
                key = current
                sealed.details[name] = try Self.seal(value, field: field, key: current)
            }
            return sealed
        }
    }

    /// `dossier` as read, its sealed fields opened.
    package mutating func opened(_ dossier: Dossier) throws -> Dossier {
        guard dossier.fields.values.contains(where: { $0.hasPrefix(Self.prefix) }) else { return dossier }
        var opened = dossier
        for (field, value) in dossier.fields where value.hasPrefix(Self.prefix) {
            opened.fields[field] = try open(value, field: field)
        }
        return opened
    }

    /// An event as read, its sealed details opened.
    package mutating func opened(_ event: StoredEvent) throws -> StoredEvent {
        guard event.details.values.contains(where: { $0.hasPrefix(Self.prefix) }) else { return event }
        var opened = event
        for (name, value) in event.details where value.hasPrefix(Self.prefix) {
            opened.details[name] = try open(value, field: Self.field(ofDetail: name) ?? name)
        }
        return opened
    }

    /// The field an event detail holds a value of: `field:F`, `before:F`, `after:F`.
    static func field(ofDetail name: String) -> String? {
        for prefix in ["field:", "before:", "after:"] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return nil
    }
}

/// Where a store keeps the keys personal fields are sealed under, read and written in the
/// transaction under way: SQLite's and PostgreSQL's tables alike.
package protocol SealingKeyring {
    /// The personal fields of a workflow version, as its deployment recorded them.
    func personalFields(workflow: String, version: Int) throws -> [String]
    /// The store's secret for the keyed hash of customers' names.
    func referenceSecret() throws -> Data
    /// The customer's newest key not erased, found by the keyed hash of their name.
    func currentKey(reference: String) throws -> (id: Int64, key: Data)?
    /// Keeps a new key for the customer; returns its number.
    func addKey(reference: String, key: Data, at time: String) throws -> Int64
    /// Notes that `key` seals some of `dossier`'s fields (once).
    func attach(key id: Int64, to dossier: Int) throws
    /// Key `id` as kept, or `nil` when there is no such key.
    func key(_ id: Int64) throws -> StoredKey?
}

/// A customer's key as a store keeps it.
package enum StoredKey {
    /// The key's bytes.
    case kept(Data)
    /// Destroyed: on which day, by whom, under which request.
    case erased(on: String?, by: String?, request: String?)
}
