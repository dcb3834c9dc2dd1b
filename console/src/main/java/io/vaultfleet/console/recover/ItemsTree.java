package io.vaultfleet.console.recover;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.TreeData;
import com.vaadin.flow.data.provider.hierarchy.TreeDataProvider;

import io.vaultfleet.protocol.EntryKind;
import io.vaultfleet.protocol.FolderEntry;
import io.vaultfleet.protocol.FolderPage;

/**
 * Select items: a recovery point's folders, listed by the target agent a page ({@link #PAGE}) at a time as the admin
 * expands them; a folder with more entries ends with a *Load more* row. Names are never stored on the console: the
 * tree lives in this view only.
 */
class ItemsTree extends TreeGrid<ItemsTree.Node> {
    static final int PAGE = 1000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** A row: an entry, a placeholder under a folder not listed yet, or the *Load more* row of a folder. */
    record Node(FolderEntry entry, String folder, String cursor, boolean placeholder) {
        boolean more() {
            return entry == null && cursor != null;
        }

        String label() {
            return entry != null ? entry.name() : placeholder ? "Loading…" : "Load more…";
        }
    }

    /** Fetches one page: folder ("" for the roots), cursor (null first). */
    interface Pages {
        FolderPage fetch(String folder, String cursor);
    }

    private final TreeData<Node> data = new TreeData<>();
    private final Pages pages;
    private final Consumer<String> problem;

    ItemsTree(Pages pages, Consumer<String> problem) {
        this.pages = pages;
        this.problem = problem;
        setId("recover-items");
        setDataProvider(new TreeDataProvider<>(data));
        addHierarchyColumn(Node::label).setHeader("Name").setFlexGrow(3);
        addColumn(n -> n.entry() == null ? "" : kind(n.entry().kind())).setHeader("Type").setAutoWidth(true);
        addColumn(n -> n.entry() == null || n.entry().kind() != EntryKind.FILE ? "" : n.entry().size() + " bytes")
                .setHeader("Size").setAutoWidth(true);
        addColumn(n -> n.entry() == null || n.entry().modifiedAt() == null ? "" : WHEN.format(n.entry().modifiedAt()))
                .setHeader("Modified").setAutoWidth(true);
        setSelectionMode(Grid.SelectionMode.MULTI);
        addExpandListener(e -> e.getItems().forEach(this::expanded));
        addItemClickListener(e -> {
            if (e.getItem().more()) {
                loadMore(e.getItem());
            }
        });
    }

    /** Lists the point's top level again (with {@code nameContains} applied by the agent when given). */
    void reload() {
        data.clear();
        load(null, "", null);
        getDataProvider().refreshAll();
    }

    /** The chosen entries' paths (placeholder and *Load more* rows are never items). */
    List<String> chosenPaths() {
        Set<Node> selected = getSelectedItems();
        return selected.stream().filter(n -> n.entry() != null).map(n -> n.entry().path()).toList();
    }

    private void expanded(Node node) {
        if (node.entry() == null || node.entry().kind() != EntryKind.FOLDER) {
            return;
        }
        List<Node> children = List.copyOf(data.getChildren(node));
        if (children.size() == 1 && children.getFirst().placeholder()) {
            data.removeItem(children.getFirst());
            load(node, node.entry().path(), null);
            getDataProvider().refreshItem(node, true);
        }
    }

    private void loadMore(Node more) {
        Node parent = data.getParent(more);
        data.removeItem(more);
        load(parent, more.folder(), more.cursor());
        if (parent == null) {
            getDataProvider().refreshAll();
        } else {
            getDataProvider().refreshItem(parent, true);
        }
    }

    private void load(Node parent, String folder, String cursor) {
        FolderPage page;
        try {
            page = pages.fetch(folder, cursor);
        } catch (RuntimeException e) {
            problem.accept(e.getMessage());
            return;
        }
        if (page.error() != null) {
            problem.accept(page.error());
            return;
        }
        for (FolderEntry entry : page.entries()) {
            Node node = new Node(entry, folder, null, false);
            data.addItem(parent, node);
            if (entry.kind() == EntryKind.FOLDER) {
                data.addItem(node, new Node(null, entry.path(), null, true));
            }
        }
        if (page.nextCursor() != null) {
            data.addItem(parent, new Node(null, folder, page.nextCursor(), false));
        }
    }

    private static String kind(EntryKind kind) {
        return switch (kind) {
            case FOLDER -> "Folder";
            case FILE -> "File";
            case SYMLINK -> "Link";
            case OTHER -> "Other";
        };
    }
}
