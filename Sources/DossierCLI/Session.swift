import DossierOffice

/// A command's office: the store, who acts and when (see `Office`).
typealias Session = Office
