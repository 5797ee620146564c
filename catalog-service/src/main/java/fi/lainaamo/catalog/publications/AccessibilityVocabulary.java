package fi.lainaamo.catalog.publications;

import java.util.Set;

/**
 * The schema.org accessibility values the Readium/OPDS schema accepts: anything else is dropped on import and refused
 * by the JSON API. Each is written once, as the pattern bean validation checks; the sets are made from it.
 */
public final class AccessibilityVocabulary {

    public static final String ACCESS_MODE =
            "auditory|chartOnVisual|chemOnVisual|colorDependent|diagramOnVisual|mathOnVisual|musicOnVisual|"
            + "tactile|textOnVisual|textual|visual";
    public static final Set<String> ACCESS_MODES = values(ACCESS_MODE);

    public static final String ACCESS_MODE_SUFFICIENT =
            "auditory|tactile|textual|visual";
    public static final Set<String> ACCESS_MODES_SUFFICIENT = values(ACCESS_MODE_SUFFICIENT);

    public static final String FEATURE =
            "annotations|ARIA|bookmarks|index|pageBreakMarkers|printPageNumbers|pageNavigation|readingOrder|"
            + "structuralNavigation|tableOfContents|taggedPDF|alternativeText|audioDescription|closedCaptions|"
            + "captions|describedMath|longDescription|openCaptions|signLanguage|transcript|"
            + "displayTransformability|synchronizedAudioText|timingControl|unlocked|ChemML|latex|"
            + "latex-chemistry|MathML|MathML-chemistry|ttsMarkup|highContrastAudio|highContrastDisplay|"
            + "largePrint|braille|tactileGraphic|tactileObject|fullRubyAnnotations|horizontalWriting|"
            + "rubyAnnotations|verticalWriting|withAdditionalWordSegmentation|"
            + "withoutAdditionalWordSegmentation|none|unknown";
    public static final Set<String> FEATURES = values(FEATURE);

    public static final String HAZARD =
            "flashing|motionSimulation|sound|none|noFlashingHazard|noMotionSimulationHazard|noSoundHazard|"
            + "unknown|unknownFlashingHazard|unknownMotionSimulationHazard|unknownSoundHazard";
    public static final Set<String> HAZARDS = values(HAZARD);

    private AccessibilityVocabulary() {
    }

    private static Set<String> values(String pattern) {
        return Set.of(pattern.split("\\|"));
    }
}
