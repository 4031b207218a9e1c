import Foundation

/// The evaluation data files shipped in `Indexer/Evaluation/`: the rule set and the holiday
/// calendar. Offices edit them for their province (or pass their own with `--rules`/`--holidays`).
public enum EvaluationFiles {
    public static var rules: URL { Bundle.module.url(forResource: "rules", withExtension: "json", subdirectory: "Evaluation")! }
    public static var holidays: URL { Bundle.module.url(forResource: "holidays", withExtension: "json", subdirectory: "Evaluation")! }
}
