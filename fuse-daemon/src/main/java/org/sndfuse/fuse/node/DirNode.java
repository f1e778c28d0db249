package org.sndfuse.fuse.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A directory: fixed children plus optional live ones computed at each lookup, so a listing shows exactly
 * what exists now.
 */
public final class DirNode implements Node {
    private final String name;
    private final List<Node> fixed = new CopyOnWriteArrayList<>();
    private final Supplier<List<Node>> live;

    public DirNode(String name) {
        this(name, List::of);
    }

    public DirNode(String name, Supplier<List<Node>> live) {
        this.name = name;
        this.live = live;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mode() {
        return 0755;
    }

    public <T extends Node> T add(T child) {
        fixed.add(child);
        return child;
    }

    public DirNode dir(String childName) {
        for (Node n : fixed) {
            if (n instanceof DirNode d && d.name().equals(childName)) {
                return d;
            }
        }
        return add(new DirNode(childName));
    }

    public List<Node> children() {
        List<Node> all = new ArrayList<>(fixed);
        all.addAll(live.get());
        return all;
    }

    /** The node at {@code path} ("/a/b", relative to this directory), or null. */
    public Node resolve(String path) {
        Node n = this;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!(n instanceof DirNode d)) {
                return null;
            }
            n = d.child(part);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    public Node child(String childName) {
        for (Node n : children()) {
            if (n.name().equals(childName)) {
                return n;
            }
        }
        return null;
    }
}
