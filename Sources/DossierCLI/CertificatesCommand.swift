import ArgumentParser

/// `dossier certificates …`: title certificates and the safe.
struct CertificatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificates",
        abstract: "Title certificates (权证): hand-over lists signed by A, B and the archivist, and the safe.",
        discussion: """
            Important title certificates (property, other-rights, chattel-mortgage, equity-pledge…) \
            are handed over separately and at once on a certificate list. Any signing role of the \
            workflow's <certificates signed-by="…"> puts certificates on the draft list with `add`; \
            each signer then runs `sign`; the last signature puts them in the keeper's safe under \
            the dossier's archive number. Changing a draft clears its signatures, so everyone signs \
            the final list. `dossier certificates` alone lists what is in the safe.
            Example: dossier certificates add 7 other-rights-certificate --number "沪(2026)他项第0042号" --as alice
            """,
        subcommands: [CertificatesList.self, CertificatesAdd.self, CertificatesRemove.self, CertificatesSign.self, CertificatesHand.self,
                      CertificatesReturn.self],
        defaultSubcommand: CertificatesList.self
    )
}
