extension String {
    /// The text, or nil when it is empty: optional form fields and command-line options.
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
