package io.qvit.launcher.internal.bundle;

import io.qvit.api.QvitPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the qvit plugins a bundle declares from its Declarative Services component descriptors
 * ({@code OSGI-INF/*.xml}, named by the {@code Service-Component} header): the {@code qvit.id}
 * and {@code qvit.citation} properties and the provided API interface. This works on a jar that
 * is not installed, and on a bundle that does not resolve.
 */
public final class ComponentDescriptors {
    private ComponentDescriptors() {
    }

    /** The entry names listed by a {@code Service-Component} header (no wildcards expanded). */
    public static List<String> entries(String serviceComponentHeader) {
        List<String> out = new ArrayList<>();
        if (serviceComponentHeader != null) {
            for (String part : serviceComponentHeader.split(",")) {
                String name = part.trim();
                int semi = name.indexOf(';');
                if (semi >= 0) {
                    name = name.substring(0, semi).trim();
                }
                if (!name.isEmpty()) {
                    out.add(name.startsWith("/") ? name.substring(1) : name);
                }
            }
        }
        return out;
    }

    /**
     * The plugins declared in one descriptor.
     *
     * @param kinds the API interfaces by fully qualified name that count as plugin kinds
     * @throws IOException naming {@code entry} if the XML cannot be read
     */
    public static List<ProvidedPlugin> parse(InputStream xml, String entry, Set<String> kinds) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(xml);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(entry + ": not a readable component descriptor: " + e.getMessage(), e);
        }
        List<ProvidedPlugin> out = new ArrayList<>();
        NodeList components = doc.getElementsByTagNameNS("*", "component");
        for (int i = 0; i < components.getLength(); i++) {
            Element c = (Element) components.item(i);
            String id = property(c, QvitPlugin.ID_PROPERTY);
            if (id == null) {
                continue;
            }
            String kind = "other";
            NodeList provides = c.getElementsByTagName("provide");
            for (int j = 0; j < provides.getLength(); j++) {
                String iface = ((Element) provides.item(j)).getAttribute("interface");
                if (kinds.contains(iface)) {
                    kind = iface.substring(iface.lastIndexOf('.') + 1);
                    break;
                }
            }
            String citation = property(c, QvitPlugin.CITATION_PROPERTY);
            out.add(new ProvidedPlugin(kind, id, citation == null ? "" : citation));
        }
        return out;
    }

    private static String property(Element component, String name) {
        NodeList props = component.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            if (name.equals(p.getAttribute("name"))) {
                return p.hasAttribute("value") ? p.getAttribute("value") : p.getTextContent().trim();
            }
        }
        return null;
    }
}
