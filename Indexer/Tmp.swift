public enum IndexerPlaceholderX {}
