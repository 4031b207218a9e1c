/// Control characters in text that comes from outside (a URL, a form, a manifest): NUL and the
/// other C0/C1 controls and DEL. Such text is refused where it arrives, so it never reaches a
/// query, a tag file or an HTTP header.
extension StringProtocol {
    /// Whether the text holds a control character other than tab, line feed and carriage return.
    public var containsControlCharacter: Bool {
        unicodeScalars.contains { $0.isDisallowedControl(allowingLineBreaks: true) }
    }

    /// Whether the text holds any control character, tab and line breaks included (one-line
    /// values: tag-file values, header values, names).
    public var containsAnyControlCharacter: Bool {
        unicodeScalars.contains { $0.isDisallowedControl(allowingLineBreaks: false) }
    }
}

extension Unicode.Scalar {
    fileprivate func isDisallowedControl(allowingLineBreaks: Bool) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D: return !allowingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }
}
