package org.communityhub.commands;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.communityhub.areas.AreaCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * An OASIS Common Alerting Protocol 1.2 alert (ITU-T X.1303), as early-warning release platforms send
 * them, read with the JDK's XML parser with document type declarations refused (so no external
 * entity is ever fetched or expanded). Only what a broadcast needs is kept: the first {@code info}'s
 * description, severity, urgency and expiry, and the division codes of its areas' geocodes.
 */
public record CapAlert(String sender, String identifier, String status, String msgType, List<Reference> references,
        String severity, String urgency, Instant expires, String description, List<AreaCode> areas) {

    static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";

    /** An earlier alert an Update or Cancel names. */
    public record Reference(String sender, String identifier) {
    }

    /** A document the hub refuses, naming the element at fault. */
    public static final class Invalid extends Exception {
        private final String element;

        Invalid(String element, String message) {
            super(message);
            this.element = element;
        }

        public String element() {
            return element;
        }
    }

    /** What the broadcast's priority is: an exercise is a drill; extreme, severe or immediate an emergency. */
    Broadcasts.Priority priority() {
        if ("Exercise".equals(status)) {
            return Broadcasts.Priority.DRILL;
        }
        return "Extreme".equals(severity) || "Severe".equals(severity) || "Immediate".equals(urgency)
                ? Broadcasts.Priority.EMERGENCY : Broadcasts.Priority.NOTICE;
    }

    static CapAlert parse(byte[] xml) throws Invalid {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            String message = e.getMessage() == null ? "not well-formed XML" : e.getMessage();
            if (message.contains("DOCTYPE")) {
                throw new Invalid("DOCTYPE", "a document type declaration (and with it any external entity) is refused");
            }
            throw new Invalid("alert", "not well-formed XML: " + message);
        } catch (IOException | ParserConfigurationException e) {
            throw new Invalid("alert", "cannot be read: " + e.getMessage());
        }
        Element alert = document.getDocumentElement();
        if (!"alert".equals(alert.getLocalName()) || !NAMESPACE.equals(alert.getNamespaceURI())) {
            throw new Invalid("alert", "the root must be a CAP 1.2 alert (" + NAMESPACE + ")");
        }
        String msgType = text(alert, "msgType", true);
        if (!List.of("Alert", "Update", "Cancel").contains(msgType)) {
            throw new Invalid("msgType", "must be Alert, Update or Cancel, not " + msgType);
        }
        String status = text(alert, "status", true);
        if (!List.of("Actual", "Exercise").contains(status)) {
            throw new Invalid("status", "only Actual and Exercise alerts are broadcast, not " + status);
        }
        List<Reference> references = references(alert, msgType);
        Element info = child(alert, "info");
        if (info == null) {
            if ("Cancel".equals(msgType)) {
                return new CapAlert(text(alert, "sender", true), text(alert, "identifier", true), status, msgType,
                        references, null, null, null, null, List.of());
            }
            throw new Invalid("info", "an alert needs an info element: what to say, and where");
        }
        String description = text(info, "description", !"Cancel".equals(msgType));
        if (description != null && description.length() > 2000) {
            throw new Invalid("info/description", "must be at most 2,000 characters to be spoken");
        }
        return new CapAlert(text(alert, "sender", true), text(alert, "identifier", true), status, msgType, references,
                text(info, "severity", false), text(info, "urgency", false), expires(info), description, areas(info));
    }

    private static List<Reference> references(Element alert, String msgType) throws Invalid {
        String raw = text(alert, "references", !"Alert".equals(msgType));
        List<Reference> references = new ArrayList<>();
        if (raw == null) {
            return references;
        }
        for (String triple : raw.trim().split("\\s+")) {
            String[] parts = triple.split(",");
            if (parts.length != 3) {
                throw new Invalid("references", "each reference is sender,identifier,sent: " + triple);
            }
            references.add(new Reference(parts[0], parts[1]));
        }
        return references;
    }

    private static Instant expires(Element info) throws Invalid {
        String raw = text(info, "expires", false);
        try {
            return raw == null ? null : OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid("info/expires", "is not a date and time with its offset: " + raw);
        }
    }

    private static List<AreaCode> areas(Element info) throws Invalid {
        List<AreaCode> codes = new ArrayList<>();
        NodeList areas = info.getElementsByTagNameNS(NAMESPACE, "area");
        for (int a = 0; a < areas.getLength(); a++) {
            NodeList geocodes = ((Element) areas.item(a)).getElementsByTagNameNS(NAMESPACE, "geocode");
            for (int g = 0; g < geocodes.getLength(); g++) {
                String value = text((Element) geocodes.item(g), "value", true);
                try {
                    codes.add(AreaCode.of(value.trim()));
                } catch (IllegalArgumentException e) {
                    throw new Invalid("info/area/geocode", "is not a 12-digit division code: " + value);
                }
            }
        }
        if (codes.isEmpty()) {
            throw new Invalid("info/area/geocode", "an area with a geocode holding its 12-digit division code is required");
        }
        return codes;
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())
                    && NAMESPACE.equals(element.getNamespaceURI())) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name, boolean required) throws Invalid {
        Element element = child(parent, name);
        String value = element == null ? null : element.getTextContent().trim();
        if ((value == null || value.isEmpty()) && required) {
            throw new Invalid(("alert".equals(parent.getLocalName()) ? "" : parent.getLocalName() + "/") + name,
                    "is required");
        }
        return value == null || value.isEmpty() ? null : value;
    }
}
