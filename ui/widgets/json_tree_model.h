#pragma once

#include "inspect/json_document.h"

#include <QAbstractItemModel>
#include <QPalette>

namespace hookscope {

// A collapsible view of a JSON body over JsonDocument's order-preserving nodes: members
// appear in the order received and numbers as written. Columns: key, value, type.
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        KeyColumn,
        ValueColumn,
        TypeColumn,
        ColumnCount
    };
    enum Role
    {
        PathRole = Qt::UserRole + 1, // data.items[0].id
        CopyValueRole                // scalar as text, container as pretty JSON
    };

    explicit JsonTreeModel(QObject *parent = nullptr);

    // Returns false (and shows nothing) when json is not valid JSON.
    bool setJson(const QByteArray &json);
    void clear();
    bool isEmpty() const { return !m_doc.isValid(); }

    // Values are coloured by type like the pretty view, in colours made for this palette.
    void setPalette(const QPalette &palette);

    QString path(const QModelIndex &index) const;
    QString copyValue(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // The node whose children are the top-level rows: the root container, or -1 when the
    // document is a single scalar (shown as one row).
    int topParent() const;
    int nodeOf(const QModelIndex &index) const;

    JsonDocument m_doc;
    QPalette m_palette;
};

} // namespace hookscope
