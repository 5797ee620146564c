package fi.lainaamo.catalog.content;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an EPUB's package document says, as much as a browser reader needs: title, language and identifier, the
 * reading order from the spine, the other resources (stylesheets, images, fonts) with their media types, and the
 * table of contents from the navigation document. Kept with the content (jsonb), so a manifest is built without
 * opening the EPUB again. Paths are entry names in the archive, never URLs.
 */
public record EpubPackage(String packagePath, String title, String language, String identifier,
                          List<Item> readingOrder, List<Item> resources, List<TocEntry> toc) {

    /** A file of the publication: its path in the archive, media type, and title or relation where known. */
    public record Item(String path, String mediaType, String title, String rel) {
    }

    /** A table-of-contents line: the file, the place in it ({@code fragment}, may be null) and what the reader sees. */
    public record TocEntry(String path, String fragment, String title, List<TocEntry> children) {
    }

    static final String OPF = "http://www.idpf.org/2007/opf";
    static final String DC = "http://purl.org/dc/elements/1.1/";
    static final String CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container";
    static final String XHTML = "http://www.w3.org/1999/xhtml";
    static final String OPS = "http://www.idpf.org/2007/ops";
    /** Package and navigation documents larger than this are not real ones. */
    static final int MAX_DOCUMENT = 8 * 1024 * 1024;
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern URI_WITH_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+");

    /** Reads container.xml, the package document it names and the navigation document; refuses what a reader could not open. */
    static EpubPackage read(EpubArchive archive) throws NotAnEpub, IOException {
        EpubArchive.Entry containerEntry = archive.entry("META-INF/container.xml");
        if (containerEntry == null) {
            throw new NotAnEpub("epub-no-container");
        }
        Document container;
        try {
            container = parse(archive.read(containerEntry, MAX_DOCUMENT));
        } catch (SAXException e) {
            throw new NotAnEpub("epub-no-container");
        }
        String packagePath = null;
        for (Element rootfile : descendants(container.getDocumentElement(), CONTAINER, "rootfile")) {
            String fullPath = rootfile.getAttribute("full-path");
            if (!fullPath.isEmpty() && (packagePath == null || "application/oebps-package+xml".equals(rootfile.getAttribute("media-type")))) {
                packagePath = fullPath;
                if ("application/oebps-package+xml".equals(rootfile.getAttribute("media-type"))) {
                    break;
                }
            }
        }
        if (packagePath == null) {
            throw new NotAnEpub("epub-no-container");
        }
        EpubArchive.Entry packageEntry = archive.entry(packagePath);
        if (packageEntry == null) {
            throw new NotAnEpub("epub-bad-package", packagePath, "it is not in the archive");
        }
        Document opf;
        try {
            opf = parse(archive.read(packageEntry, MAX_DOCUMENT));
        } catch (SAXException e) {
            throw new NotAnEpub("epub-bad-package", packagePath, "not well-formed XML (" + e.getMessage() + ")");
        }
        return fromPackage(archive, packagePath, opf);
    }

    private static EpubPackage fromPackage(EpubArchive archive, String packagePath, Document opf) throws NotAnEpub, IOException {
        Element root = opf.getDocumentElement();
        if (!OPF.equals(root.getNamespaceURI()) || !"package".equals(root.getLocalName())) {
            throw new NotAnEpub("epub-bad-package", packagePath, "the root element is not an OPF package");
        }
        Element metadata = first(root, OPF, "metadata");
        Element manifest = first(root, OPF, "manifest");
        Element spine = first(root, OPF, "spine");
        if (metadata == null || manifest == null || spine == null) {
            throw new NotAnEpub("epub-bad-package", packagePath, "metadata, manifest or spine is missing");
        }
        String title = elements(metadata, DC, "title").stream().map(e -> collapse(e.getTextContent())).filter(t -> !t.isEmpty())
                .findFirst().orElseThrow(() -> new NotAnEpub("epub-bad-package", packagePath, "it has no dc:title"));
        String language = elements(metadata, DC, "language").stream().map(e -> e.getTextContent().strip())
                .filter(l -> LANGUAGE.matcher(l).matches()).findFirst().orElse(null);
        String identifier = identifier(root, metadata);

        // manifest items by id; remote resources and items missing from the archive are left out
        Map<String, Item> items = new LinkedHashMap<>();
        String navPath = null;
        for (Element item : elements(manifest, OPF, "item")) {
            String path = resolve(packagePath, item.getAttribute("href"));
            if (path == null || archive.entry(path) == null) {
                continue;
            }
            List<String> properties = List.of(item.getAttribute("properties").strip().split("\\s+"));
            String rel = properties.contains("nav") ? "contents" : properties.contains("cover-image") ? "cover" : null;
            if (properties.contains("nav")) {
                navPath = path;
            }
            String mediaType = item.getAttribute("media-type").strip();
            items.put(item.getAttribute("id"), new Item(path, mediaType.isEmpty() ? MediaTypes.guess(path) : mediaType, null, rel));
        }

        List<TocEntry> toc = navPath == null ? List.of() : toc(archive, navPath);
        Map<String, String> tocTitles = new LinkedHashMap<>();
        collectTitles(toc, tocTitles);

        List<Item> readingOrder = new ArrayList<>();
        Set<String> inReadingOrder = new LinkedHashSet<>();
        for (Element itemref : elements(spine, OPF, "itemref")) {
            Item item = items.get(itemref.getAttribute("idref"));
            if (item == null) {
                throw new NotAnEpub("epub-bad-package", packagePath,
                        "the spine names " + itemref.getAttribute("idref") + ", which is not a file in the archive");
            }
            if (!"no".equals(itemref.getAttribute("linear")) && inReadingOrder.add(item.path())) {
                readingOrder.add(new Item(item.path(), item.mediaType(), tocTitles.get(item.path()), null));
            }
        }
        if (readingOrder.isEmpty()) {
            throw new NotAnEpub("epub-bad-package", packagePath, "the spine is empty");
        }
        List<Item> resources = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>(inReadingOrder);
        for (Item item : items.values()) {
            if (listed.add(item.path())) {
                resources.add(item);
            }
        }
        return new EpubPackage(packagePath, title, language, identifier, List.copyOf(readingOrder), List.copyOf(resources), toc);
    }

    /** The package's unique identifier as a URI (an ISBN becomes {@code urn:isbn:…}); null when it is neither. */
    private static String identifier(Element root, Element metadata) {
        String uniqueId = root.getAttribute("unique-identifier");
        List<Element> identifiers = elements(metadata, DC, "identifier");
        String value = identifiers.stream().filter(e -> !uniqueId.isEmpty() && uniqueId.equals(e.getAttribute("id")))
                .map(e -> e.getTextContent().strip()).findFirst()
                .orElse(identifiers.isEmpty() ? null : identifiers.get(0).getTextContent().strip());
        if (value == null) {
            return null;
        }
        String digits = value.replace("-", "");
        if (digits.matches("\\d{13}")) {
            return "urn:isbn:" + digits;
        }
        return URI_WITH_SCHEME.matcher(value).matches() ? value : null;
    }

    /** The navigation document's toc; a broken one gives no toc rather than refusing a readable book. */
    private static List<TocEntry> toc(EpubArchive archive, String navPath) throws IOException {
        try {
            Document nav = parse(archive.read(archive.entry(navPath), MAX_DOCUMENT));
            Element chosen = null;
            for (Element element : descendants(nav.getDocumentElement(), XHTML, "nav")) {
                String type = element.getAttributeNS(OPS, "type");
                if (List.of(type.split("\\s+")).contains("toc")) {
                    chosen = element;
                    break;
                }
                if (chosen == null) {
                    chosen = element;
                }
            }
            Element list = chosen == null ? null : first(chosen, XHTML, "ol");
            return list == null ? List.of() : tocEntries(navPath, list);
        } catch (SAXException | NotAnEpub e) {
            return List.of();
        }
    }

    private static List<TocEntry> tocEntries(String navPath, Element list) {
        List<TocEntry> entries = new ArrayList<>();
        for (Element li : elements(list, XHTML, "li")) {
            Element nested = first(li, XHTML, "ol");
            List<TocEntry> children = nested == null ? List.of() : tocEntries(navPath, nested);
            Element link = first(li, XHTML, "a");
            String href = link == null ? "" : link.getAttribute("href");
            String path = href.isEmpty() ? null : resolve(navPath, href);
            if (path == null) {
                // a heading without a link (a span) cannot be a manifest link: its children move up
                entries.addAll(children);
                continue;
            }
            int hash = href.indexOf('#');
            String fragment = hash >= 0 && hash < href.length() - 1 ? href.substring(hash + 1) : null;
            String title = collapse(link.getTextContent());
            entries.add(new TocEntry(path, fragment, title.isEmpty() ? null : title, children));
        }
        return List.copyOf(entries);
    }

    private static void collectTitles(List<TocEntry> toc, Map<String, String> titles) {
        for (TocEntry entry : toc) {
            if (entry.title() != null) {
                titles.putIfAbsent(entry.path(), entry.title());
            }
            collectTitles(entry.children(), titles);
        }
    }

    /**
     * The archive path an href in the document at {@code from} points to: relative to its folder, percent-decoded,
     * without fragment or query; null for a remote URL or one that leaves the archive.
     */
    static String resolve(String from, String href) {
        String target = href.strip();
        int cut = target.length();
        for (char stop : new char[]{'#', '?'}) {
            int at = target.indexOf(stop);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        target = target.substring(0, cut);
        if (target.isEmpty() || URI_WITH_SCHEME.matcher(target).matches() || target.startsWith("/")) {
            return null;
        }
        String decoded = percentDecode(target);
        if (decoded == null) {
            return null;
        }
        List<String> segments = new ArrayList<>(List.of(from.split("/")));
        segments.remove(segments.size() - 1);
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.remove(segments.size() - 1);
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        String path = String.join("/", segments);
        return EpubArchive.safe(path) ? path : null;
    }

    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                try {
                    bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    return null;
                }
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String collapse(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** Namespace-aware, no DTDs or external entities fetched (XXE), entity expansion bounded. */
    static Document parse(byte[] xml) throws SAXException, IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings do not stop a reader either
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be configured safely", e);
        }
    }

    private static Element first(Element parent, String namespace, String name) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && namespace.equals(element.getNamespaceURI()) && name.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> elements(Element parent, String namespace, String name) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && namespace.equals(element.getNamespaceURI()) && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<Element> descendants(Element root, String namespace, String name) {
        List<Element> found = new ArrayList<>();
        var nodes = root.getElementsByTagNameNS(namespace, name);
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}
