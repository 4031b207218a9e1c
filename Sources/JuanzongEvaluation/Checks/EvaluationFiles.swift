import Foundation

/// The evaluation data files shipped in `Sources/JuanzongEvaluation/Resources/`: the rule set and the holiday
/// calendar. Offices edit them for their province (or pass their own with `--rules`/`--holidays`).
public enum EvaluationFiles {
    public static var rules: URL { Bundle.module.url(forResource: "rules", withExtension: "json", subdirectory: "Resources")! }
    public static var holidays: URL { Bundle.module.url(forResource: "holidays", withExtension: "json", subdirectory: "Resources")! }
}
