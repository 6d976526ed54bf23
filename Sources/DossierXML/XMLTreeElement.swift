import CLibXML2

extension XMLTree {
    /// An element of a parsed tree: its name, namespace, attributes, element children and
    /// where its start tag stands. Valid as long as the tree it came from (which it retains).
    public struct Element {
        let node: xmlNodePtr
        let tree: XMLTree

        /// The local name, without prefix.
        public var name: String {
            node.pointee.name.map { String(cString: $0) } ?? ""
        }

        /// The namespace URI, if any.
        public var namespaceURI: String? {
            node.pointee.ns?.pointee.href.map { String(cString: $0) }
        }

        /// Where the element's start tag (its `<`) is.
        public var location: SourceLocation {
            tree.location(of: node)
        }

        /// Where attribute `name` is written, or the element's location if it is absent.
        public func location(ofAttribute name: String) -> SourceLocation {
            tree.location(ofAttribute: name, on: node)
        }

        /// The value of the un-namespaced attribute `name`, or `nil` if absent.
        public func attribute(_ name: String) -> String? {
            var property = node.pointee.properties
            while let current = property {
                if current.pointee.ns == nil, let propertyName = current.pointee.name,
                   Self.equal(propertyName, name) {
                    return Self.text(of: current.pointee.children)
                }
                property = current.pointee.next
            }
            return nil
        }

        /// Whether the element is `name` in `namespace`, compared without building strings.
        public func hasName(_ name: String, namespace: String?) -> Bool {
            guard let localName = node.pointee.name, Self.equal(localName, name) else { return false }
            guard let namespace else { return node.pointee.ns == nil }
            guard let href = node.pointee.ns?.pointee.href else { return false }
            return Self.equal(href, namespace)
        }

        /// The qualified names (`prefix:name` for namespaced ones) of attributes not in `allowed`.
        /// Namespaced attributes are never in `allowed`, which lists the language's own.
        public func attributeNames(notIn allowed: [String]) -> [String] {
            var unknown: [String] = []
            var property = node.pointee.properties
            while let current = property {
                if let name = current.pointee.name {
                    if let namespace = current.pointee.ns {
                        let prefix = namespace.pointee.prefix.map { String(cString: $0) + ":" } ?? ""
                        unknown.append(prefix + String(cString: name))
                    } else if !allowed.contains(where: { Self.equal(name, $0) }) {
                        unknown.append(String(cString: name))
                    }
                }
                property = current.pointee.next
            }
            return unknown
        }

        /// The qualified name, `prefix:name` when the element has a prefix.
        public var qualifiedName: String {
            let prefix = node.pointee.ns?.pointee.prefix.map { String(cString: $0) + ":" } ?? ""
            return prefix + name
        }

        /// Every attribute in document order, as (name, value).
        public var attributes: [(name: String, value: String)] {
            var result: [(String, String)] = []
            var property = node.pointee.properties
            while let current = property {
                if let propertyName = current.pointee.name {
                    result.append((String(cString: propertyName), Self.text(of: current.pointee.children)))
                }
                property = current.pointee.next
            }
            return result
        }

        /// The element children, in document order.
        public var children: [Element] {
            var result: [Element] = []
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    result.append(Element(node: current, tree: tree))
                }
                child = current.pointee.next
            }
            return result
        }

        /// The element children called `name`.
        public func children(named name: String) -> [Element] {
            children.filter { $0.name == name }
        }

        /// The first element child called `name`.
        public func child(named name: String) -> Element? {
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, let childName = current.pointee.name,
                   Self.equal(childName, name) {
                    return Element(node: current, tree: tree)
                }
                child = current.pointee.next
            }
            return nil
        }

        /// The concatenated text content of the element and its descendants.
        public var text: String {
            func collect(_ node: xmlNodePtr?, into result: inout String) {
                var current = node
                while let child = current {
                    if child.pointee.type == XML_TEXT_NODE || child.pointee.type == XML_CDATA_SECTION_NODE,
                       let content = child.pointee.content {
                        result += String(cString: content)
                    } else if child.pointee.type == XML_ELEMENT_NODE {
                        collect(child.pointee.children, into: &result)
                    }
                    current = child.pointee.next
                }
            }
            var result = ""
            collect(node.pointee.children, into: &result)
            return result
        }

        private static func equal(_ cName: UnsafePointer<xmlChar>, _ name: String) -> Bool {
            var name = name
            return name.withUTF8 { utf8 in
                var index = 0
                while index < utf8.count {
                    if cName[index] != utf8[index] { return false }
                    index += 1
                }
                return cName[index] == 0
            }
        }

        private static func text(of node: xmlNodePtr?) -> String {
            var result = ""
            var current = node
            while let text = current {
                if let content = text.pointee.content { result += String(cString: content) }
                current = text.pointee.next
            }
            return result
        }
    }
}
