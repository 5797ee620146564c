package fi.lainaamo.catalog.publications;

import java.util.Set;

/** The schema.org accessibility values the Readium/OPDS schema accepts; anything else is dropped on import. */
public final class AccessibilityVocabulary {

    public static final Set<String> ACCESS_MODES = Set.of("auditory", "chartOnVisual", "chemOnVisual", "colorDependent",
            "diagramOnVisual", "mathOnVisual", "musicOnVisual", "tactile", "textOnVisual", "textual", "visual");
    public static final Set<String> ACCESS_MODES_SUFFICIENT = Set.of("auditory", "tactile", "textual", "visual");
    public static final Set<String> FEATURES = Set.of("annotations", "ARIA", "bookmarks", "index", "pageBreakMarkers",
            "printPageNumbers", "pageNavigation", "readingOrder", "structuralNavigation", "tableOfContents", "taggedPDF",
            "alternativeText", "audioDescription", "closedCaptions", "captions", "describedMath", "longDescription",
            "openCaptions", "signLanguage", "transcript", "displayTransformability", "synchronizedAudioText", "timingControl",
            "unlocked", "ChemML", "latex", "latex-chemistry", "MathML", "MathML-chemistry", "ttsMarkup", "highContrastAudio",
            "highContrastDisplay", "largePrint", "braille", "tactileGraphic", "tactileObject", "fullRubyAnnotations",
            "horizontalWriting", "rubyAnnotations", "verticalWriting", "withAdditionalWordSegmentation",
            "withoutAdditionalWordSegmentation", "none", "unknown");
    public static final Set<String> HAZARDS = Set.of("flashing", "motionSimulation", "sound", "none", "noFlashingHazard",
            "noMotionSimulationHazard", "noSoundHazard", "unknown", "unknownFlashingHazard", "unknownMotionSimulationHazard",
            "unknownSoundHazard");

    private AccessibilityVocabulary() {
    }
}
